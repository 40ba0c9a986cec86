package sns.timeline.replication;

import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * Server-to-server calls carry the cluster secret in a header; without it no client can forge
 * events or heartbeats. The interceptor guards the Replication service; {@link #header()} is what
 * callers attach, on replication calls and on the coordinator channel (the coordinator checks the
 * same header on Heartbeat).
 */
public final class ClusterSecret implements ServerInterceptor {

    static final Metadata.Key<String> HEADER = Metadata.Key.of("x-sns-cluster-secret",
            Metadata.ASCII_STRING_MARSHALLER);

    private final byte[] secret;
    private final String value;

    public ClusterSecret(String secret) {
        this.value = secret;
        this.secret = secret.getBytes(StandardCharsets.UTF_8);
    }

    /** Headers to attach to outgoing replication and heartbeat calls. */
    public Metadata header() {
        Metadata headers = new Metadata();
        headers.put(HEADER, value);
        return headers;
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                                                      ServerCallHandler<Q, R> next) {
        String presented = headers.get(HEADER);
        if (presented == null
                || !MessageDigest.isEqual(secret, presented.getBytes(StandardCharsets.UTF_8))) {
            call.close(Status.UNAUTHENTICATED.withDescription("replication needs the cluster secret"), new Metadata());
            return new ServerCall.Listener<>() {};
        }
        return next.startCall(call, headers);
    }
}
