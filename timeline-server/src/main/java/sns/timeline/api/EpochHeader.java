package sns.timeline.api;

import io.grpc.ForwardingServerCall.SimpleForwardingServerCall;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import java.util.function.LongSupplier;

/**
 * Tells the client under which epoch this server took its call ({@code sns-epoch} response
 * header), so that a checker can tell an acknowledgement by a superseded master from a good one.
 * The epoch is read when the call starts: a master that has not yet heard it was superseded still
 * names its old epoch, which is exactly what such a check must see.
 */
public final class EpochHeader implements ServerInterceptor {

    public static final Metadata.Key<String> KEY = Metadata.Key.of("sns-epoch", Metadata.ASCII_STRING_MARSHALLER);

    private final LongSupplier epoch;

    public EpochHeader(LongSupplier epoch) {
        this.epoch = epoch;
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                                                      ServerCallHandler<Q, R> next) {
        String atStart = Long.toString(epoch.getAsLong());
        return next.startCall(new SimpleForwardingServerCall<>(call) {
            @Override
            public void sendHeaders(Metadata responseHeaders) {
                responseHeaders.put(KEY, atStart);
                super.sendHeaders(responseHeaders);
            }
        }, headers);
    }
}
