package sns.coordinator.api;

import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Set;
import sns.api.v1.CoordinatorGrpc;

/**
 * Calls that only timeline servers make (Heartbeat: registration and election) must carry the
 * cluster secret in the {@code x-sns-cluster-secret} header, as replication calls do, so nobody
 * outside the cluster can register a server, claim a lock or raise an epoch. Client calls
 * (GetUniqueClientId, GetServer, ListNodes, ReadNode, GetCounterparts, GetOtherClusterMasters)
 * stay open.
 */
public final class ClusterSecretCheck implements ServerInterceptor {

    static final Metadata.Key<String> HEADER = Metadata.Key.of("x-sns-cluster-secret",
            Metadata.ASCII_STRING_MARSHALLER);
    private static final Set<String> SERVER_METHODS = Set.of(
            CoordinatorGrpc.getHeartbeatMethod().getFullMethodName(),
            CoordinatorGrpc.getHandOverMethod().getFullMethodName());

    private final byte[] secret;

    public ClusterSecretCheck(String secret) {
        this.secret = secret.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                                                      ServerCallHandler<Q, R> next) {
        if (SERVER_METHODS.contains(call.getMethodDescriptor().getFullMethodName()) && !presentsSecret(headers)) {
            call.close(Status.UNAUTHENTICATED.withDescription(
                    "only timeline servers may call this: it needs the cluster secret"), new Metadata());
            return new ServerCall.Listener<>() {};
        }
        return next.startCall(call, headers);
    }

    private boolean presentsSecret(Metadata headers) {
        String presented = headers.get(HEADER);
        return presented != null && MessageDigest.isEqual(secret, presented.getBytes(StandardCharsets.UTF_8));
    }
}
