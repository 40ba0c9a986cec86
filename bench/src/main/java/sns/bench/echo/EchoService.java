package sns.bench.echo;

import io.grpc.MethodDescriptor;
import io.grpc.ServerServiceDefinition;
import io.grpc.protobuf.ProtoUtils;
import io.grpc.stub.ServerCalls;
import sns.api.v1.PostRequest;

/**
 * A bare unary echo: answers each request with itself. It carries SNS's own {@link PostRequest}
 * so that calibration calls have the same message type and size as posts, with no proto of its own.
 */
public final class EchoService {

    public static final MethodDescriptor<PostRequest, PostRequest> ECHO =
            MethodDescriptor.<PostRequest, PostRequest>newBuilder()
                    .setType(MethodDescriptor.MethodType.UNARY)
                    .setFullMethodName(MethodDescriptor.generateFullMethodName("sns.bench.Echo", "Echo"))
                    .setRequestMarshaller(ProtoUtils.marshaller(PostRequest.getDefaultInstance()))
                    .setResponseMarshaller(ProtoUtils.marshaller(PostRequest.getDefaultInstance()))
                    .build();

    private EchoService() {
    }

    public static ServerServiceDefinition definition() {
        return ServerServiceDefinition.builder("sns.bench.Echo")
                .addMethod(ECHO, ServerCalls.asyncUnaryCall((request, response) -> {
                    response.onNext(request);
                    response.onCompleted();
                }))
                .build();
    }
}
