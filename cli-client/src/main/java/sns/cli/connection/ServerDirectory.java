package sns.cli.connection;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.StatusRuntimeException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import sns.api.v1.CoordinatorGrpc;
import sns.api.v1.GetServerRequest;
import sns.api.v1.GetServerResponse;
import sns.api.v1.GetUniqueClientIdRequest;
import sns.api.v1.ListNodesRequest;
import sns.api.v1.ReadNodeRequest;
import sns.api.v1.ReadNodeResponse;

/** The coordinator's directory as the client uses it: its client id, its server, the namespace. */
public final class ServerDirectory implements AutoCloseable {

    private final String coordinatorAddress;
    private final Session session;
    private final Map<String, ManagedChannel> channels = new ConcurrentHashMap<>();
    private volatile ServerTarget current;

    public ServerDirectory(String coordinatorAddress, Session session) {
        this.coordinatorAddress = coordinatorAddress;
        this.session = session;
    }

    /** Asks the coordinator where to go (getting a client id first if this client has none). */
    public synchronized ServerTarget refresh() {
        return askingCoordinator(this::locate);
    }

    private ServerTarget locate() {
        if (session.clientId() == 0) {
            var id = coordinator().getUniqueClientId(GetUniqueClientIdRequest.getDefaultInstance());
            session.assignClient(id.getClientId(), id.getClusterId());
        }
        GetServerResponse response = coordinator()
                .getServer(GetServerRequest.newBuilder().setClientId(session.clientId()).build());
        var server = response.getServer();
        ManagedChannel known = channels.get(server.getAddress());
        if (known != null) {
            // The coordinator just vouched for this server: a channel that saw it die earlier
            // (a restarted old master) must connect now, not after gRPC's reconnect backoff.
            known.resetConnectBackoff();
        }
        current = new ServerTarget(server.getAddress(), server.getClusterId(), server.getServerId(),
                server.getEpoch(), response.getHomeClusterId());
        return current;
    }

    /** The current server, asking the coordinator if there is none yet. */
    public ServerTarget current() {
        ServerTarget target = current;
        return target != null ? target : refresh();
    }

    public ManagedChannel channel(ServerTarget target) {
        return channels.computeIfAbsent(target.address(),
                address -> ManagedChannelBuilder.forTarget(address).usePlaintext().build());
    }

    public List<String> list(String path) {
        return askingCoordinator(() -> coordinator().listNodes(ListNodesRequest.newBuilder().setPath(path).build())
                .getChildrenList());
    }

    public ReadNodeResponse read(String path) {
        return askingCoordinator(() -> coordinator().readNode(ReadNodeRequest.newBuilder().setPath(path).build()));
    }

    /** A coordinator that cannot be reached is named in the error, not described as an "io exception". */
    private <T> T askingCoordinator(java.util.function.Supplier<T> call) {
        try {
            return call.get();
        } catch (StatusRuntimeException e) {
            if (e.getStatus().getCode() == io.grpc.Status.Code.UNAVAILABLE) {
                // A restarted coordinator is reached at the next try, not after gRPC's growing reconnect backoff.
                coordinatorChannel().resetConnectBackoff();
                if (e.getStatus().getCause() != null) {
                    throw io.grpc.Status.UNAVAILABLE.withDescription("cannot reach the coordinator at " + coordinatorAddress)
                            .asRuntimeException();
                }
            }
            throw e;
        }
    }

    public String coordinatorAddress() {
        return coordinatorAddress;
    }

    private CoordinatorGrpc.CoordinatorBlockingStub coordinator() {
        return CoordinatorGrpc.newBlockingStub(coordinatorChannel()).withDeadlineAfter(5, TimeUnit.SECONDS);
    }

    private ManagedChannel coordinatorChannel() {
        return channels.computeIfAbsent("coordinator:" + coordinatorAddress,
                key -> ManagedChannelBuilder.forTarget(coordinatorAddress).usePlaintext().build());
    }

    /** True when the failure means "try again, maybe elsewhere". */
    public static boolean retryable(StatusRuntimeException e) {
        return switch (e.getStatus().getCode()) {
            case UNAVAILABLE, DEADLINE_EXCEEDED -> true;
            default -> false;
        };
    }

    @Override
    public void close() {
        channels.values().forEach(ManagedChannel::shutdownNow);
    }
}
