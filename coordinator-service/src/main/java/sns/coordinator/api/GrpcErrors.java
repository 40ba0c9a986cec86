package sns.coordinator.api;

import com.google.protobuf.Any;
import com.google.rpc.ErrorInfo;
import io.grpc.Status;
import io.grpc.protobuf.StatusProto;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sns.coordinator.directory.ClientLimitException;
import sns.coordinator.namespace.InvalidPathException;
import sns.coordinator.namespace.NoSuchNodeException;
import sns.coordinator.registry.HandOverRefusedException;
import sns.coordinator.registry.InvalidRequestException;
import sns.coordinator.registry.ServerConflictException;

/** Runs a unary handler and maps domain failures to gRPC statuses (api-proto/ERRORS.md). */
final class GrpcErrors {

    private static final Logger log = LoggerFactory.getLogger(GrpcErrors.class);

    private static final String DOMAIN = "sns.v1";

    private GrpcErrors() {}

    static <T> void respond(StreamObserver<T> observer, Supplier<T> handler) {
        T response;
        try {
            response = handler.get();
        } catch (RuntimeException e) {
            observer.onError(toException(e));
            return;
        }
        observer.onNext(response);
        observer.onCompleted();
    }

    static StatusRuntimeException toException(RuntimeException e) {
        if (e instanceof StatusRuntimeException status) {
            return status;
        }
        if (e instanceof HandOverRefusedException refused) {
            return StatusProto.toStatusRuntimeException(com.google.rpc.Status.newBuilder()
                    .setCode(Status.Code.FAILED_PRECONDITION.value())
                    .setMessage(e.getMessage())
                    .addDetails(Any.pack(ErrorInfo.newBuilder().setReason(refused.reason()).setDomain(DOMAIN).build()))
                    .build());
        }
        return toStatus(e).asRuntimeException();
    }

    private static Status toStatus(RuntimeException e) {
        if (e instanceof InvalidRequestException || e instanceof InvalidPathException) {
            return Status.INVALID_ARGUMENT.withDescription(e.getMessage());
        }
        if (e instanceof ServerConflictException) {
            return Status.ALREADY_EXISTS.withDescription(e.getMessage());
        }
        if (e instanceof ClientLimitException) {
            return Status.RESOURCE_EXHAUSTED.withDescription(e.getMessage());
        }
        if (e instanceof NoSuchNodeException) {
            return Status.NOT_FOUND.withDescription(e.getMessage());
        }
        log.error("Unexpected failure", e);
        return Status.INTERNAL.withDescription("internal error: " + e.getMessage());
    }
}
