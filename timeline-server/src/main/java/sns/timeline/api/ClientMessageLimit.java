package sns.timeline.api;

import com.google.protobuf.MessageLite;
import io.grpc.ForwardingServerCallListener.SimpleForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor.MethodType;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;

/**
 * Client API messages are capped at 64 KiB (DESIGN §4) with RESOURCE_EXHAUSTED. The transport
 * limit alone cannot say so on an open Timeline stream: once the server has sent headers, gRPC
 * answers a message over the transport limit with a reset the client sees as CANCELLED. So the
 * transport takes up to gRPC's default 4 MiB and the cap is checked here, after decoding: a unary
 * call is closed by this interceptor, a Timeline stream by its own call (which alone may close it,
 * see {@link TimelineCall}) through {@link #check}.
 */
public final class ClientMessageLimit implements ServerInterceptor {

    public static final int MAX_BYTES = 64 * 1024;

    /** Throws RESOURCE_EXHAUSTED for a message over the cap. */
    static void check(MessageLite message) {
        int size = message.getSerializedSize();
        if (size > MAX_BYTES) {
            throw tooLarge(size);
        }
    }

    private static StatusRuntimeException tooLarge(int size) {
        return Status.RESOURCE_EXHAUSTED.withDescription("message of " + size + " bytes is over the limit of "
                + MAX_BYTES + " bytes").asRuntimeException();
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                                                      ServerCallHandler<Q, R> next) {
        ServerCall.Listener<Q> listener = next.startCall(call, headers);
        if (call.getMethodDescriptor().getType() == MethodType.BIDI_STREAMING) {
            return listener;
        }
        return new SimpleForwardingServerCallListener<>(listener) {
            private boolean refused;

            @Override
            public void onMessage(Q message) {
                if (message instanceof MessageLite lite && lite.getSerializedSize() > MAX_BYTES) {
                    refused = true;
                    call.close(tooLarge(lite.getSerializedSize()).getStatus(), new Metadata());
                    return;
                }
                super.onMessage(message);
            }

            @Override
            public void onHalfClose() {
                if (!refused) {
                    super.onHalfClose();
                }
            }
        };
    }
}
