package sns.bench.workload;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import sns.api.v1.CoordinatorGrpc;
import sns.api.v1.GetServerRequest;
import sns.api.v1.GetServerResponse;
import sns.api.v1.GetUniqueClientIdRequest;

/**
 * Finds each cluster's master the way a client does: a client id from GetUniqueClientId, then
 * GetServer (the home cluster is client id mod N + 1), asking for new ids until every cluster has
 * answered with its own master. Holds a few channels per master (answers run on the transport
 * threads: direct executor, no thread hand-off).
 */
public final class Masters implements AutoCloseable {

    private final Map<Integer, String> addresses;
    private final Map<Integer, List<ManagedChannel>> channels = new TreeMap<>();

    private Masters(Map<Integer, String> addresses, int channelsPerMaster) {
        this.addresses = addresses;
        addresses.forEach((cluster, address) -> {
            List<ManagedChannel> list = new ArrayList<>();
            for (int i = 0; i < channelsPerMaster; i++) {
                list.add(ManagedChannelBuilder.forTarget(address).usePlaintext().directExecutor().build());
            }
            channels.put(cluster, list);
        });
    }

    public static Masters find(ManagedChannel coordinator, int clusters, int channelsPerMaster) {
        var directory = CoordinatorGrpc.newBlockingStub(coordinator);
        Map<Integer, String> addresses = new TreeMap<>();
        for (int attempt = 0; addresses.size() < clusters && attempt < 64 * clusters; attempt++) {
            long clientId = directory.getUniqueClientId(GetUniqueClientIdRequest.getDefaultInstance()).getClientId();
            GetServerResponse answer = directory.getServer(GetServerRequest.newBuilder().setClientId(clientId).build());
            if (answer.getServer().getClusterId() == answer.getHomeClusterId()) {
                addresses.putIfAbsent(answer.getHomeClusterId(), answer.getServer().getAddress());
            }
        }
        if (addresses.size() < clusters) {
            throw new IllegalStateException("the coordinator named masters for clusters " + addresses.keySet()
                    + " only; expected " + clusters);
        }
        return new Masters(addresses, channelsPerMaster);
    }

    public Map<Integer, String> addresses() {
        return Map.copyOf(addresses);
    }

    /** A channel to {@code cluster}'s master, spread by {@code key}. */
    public ManagedChannel channel(int cluster, int key) {
        List<ManagedChannel> list = channels.get(cluster);
        return list.get(Math.floorMod(key, list.size()));
    }

    public int clusters() {
        return addresses.size();
    }

    @Override
    public void close() {
        channels.values().forEach(list -> list.forEach(ManagedChannel::shutdownNow));
    }
}
