package sns.coordinator.api;

import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.time.InstantSource;
import net.devh.boot.grpc.server.event.GrpcServerStartedEvent;
import net.devh.boot.grpc.server.service.GrpcService;
import org.springframework.context.event.EventListener;
import sns.api.v1.CoordinatorGrpc;
import sns.api.v1.GetCounterpartsRequest;
import sns.api.v1.GetOtherClusterMastersRequest;
import sns.api.v1.GetServerRequest;
import sns.api.v1.GetServerResponse;
import sns.api.v1.GetUniqueClientIdRequest;
import sns.api.v1.GetUniqueClientIdResponse;
import sns.api.v1.HandOverRequest;
import sns.api.v1.HandOverResponse;
import sns.api.v1.HeartbeatRequest;
import sns.api.v1.ListNodesRequest;
import sns.api.v1.ListNodesResponse;
import sns.api.v1.ReadNodeRequest;
import sns.api.v1.ReadNodeResponse;
import sns.api.v1.ServerList;
import sns.api.v1.Topology;
import sns.coordinator.directory.ClientDirectory;
import sns.coordinator.namespace.LockNamespace;
import sns.coordinator.registry.ServerRegistry;
import sns.coordinator.registry.ServerView;

/**
 * The Coordinator gRPC service: translates requests, calls the registry or directory, translates
 * back. Heartbeat and HandOver need the cluster secret ({@link ClusterSecretCheck}); client calls are open.
 */
@GrpcService(interceptors = ClusterSecretCheck.class)
public class CoordinatorGrpcService extends CoordinatorGrpc.CoordinatorImplBase {

    private final ServerRegistry registry;
    private final ClientDirectory directory;
    private final LockNamespace namespace;
    private final ProtoMapper mapper;

    public CoordinatorGrpcService(ServerRegistry registry, ClientDirectory directory, LockNamespace namespace,
                                  InstantSource wallClock) {
        this.registry = registry;
        this.directory = directory;
        this.namespace = namespace;
        this.mapper = new ProtoMapper(wallClock, registry.timing(), registry.clusterCount());
    }

    /** Restart recovery counts from the moment heartbeats can actually arrive. */
    @EventListener(GrpcServerStartedEvent.class)
    public void serving() {
        registry.startServing();
    }

    @Override
    public void heartbeat(HeartbeatRequest request, StreamObserver<Topology> observer) {
        GrpcErrors.respond(observer, () -> mapper.topology(registry.heartbeat(mapper.heartbeat(request))));
    }

    @Override
    public void handOver(HandOverRequest request, StreamObserver<HandOverResponse> observer) {
        GrpcErrors.respond(observer, () -> HandOverResponse.newBuilder()
                .setMaster(mapper.server(registry.handOver(mapper.handOver(request))))
                .build());
    }

    @Override
    public void getUniqueClientId(GetUniqueClientIdRequest request,
                                  StreamObserver<GetUniqueClientIdResponse> observer) {
        GrpcErrors.respond(observer, () -> {
            var assignment = directory.newClient();
            return GetUniqueClientIdResponse.newBuilder()
                    .setClientId(assignment.clientId())
                    .setClusterId(assignment.clusterId())
                    .build();
        });
    }

    @Override
    public void getServer(GetServerRequest request, StreamObserver<GetServerResponse> observer) {
        GrpcErrors.respond(observer, () -> {
            ServerView server = directory.serverFor(request.getClientId())
                    .orElseThrow(() -> Status.UNAVAILABLE
                            .withDescription("no cluster has a ready master; try again shortly")
                            .asRuntimeException());
            return GetServerResponse.newBuilder()
                    .setServer(mapper.server(server))
                    .setHomeClusterId(directory.homeCluster(request.getClientId()))
                    .build();
        });
    }

    @Override
    public void getCounterparts(GetCounterpartsRequest request, StreamObserver<ServerList> observer) {
        GrpcErrors.respond(observer, () -> serverList(registry.liveServers(request.getClusterId())));
    }

    @Override
    public void getOtherClusterMasters(GetOtherClusterMastersRequest request, StreamObserver<ServerList> observer) {
        GrpcErrors.respond(observer, () -> serverList(registry.otherMasters(request.getClusterId())));
    }

    @Override
    public void listNodes(ListNodesRequest request, StreamObserver<ListNodesResponse> observer) {
        GrpcErrors.respond(observer, () -> ListNodesResponse.newBuilder()
                .addAllChildren(namespace.list(request.getPath()))
                .build());
    }

    @Override
    public void readNode(ReadNodeRequest request, StreamObserver<ReadNodeResponse> observer) {
        GrpcErrors.respond(observer, () -> ReadNodeResponse.newBuilder()
                .setPath(request.getPath())
                .setData(namespace.read(request.getPath()))
                .setStat(mapper.stat(namespace.stat(request.getPath())))
                .build());
    }

    private ServerList serverList(java.util.List<ServerView> servers) {
        return ServerList.newBuilder().addAllServers(servers.stream().map(mapper::server).toList()).build();
    }
}
