package sns.timeline.api;

import com.google.protobuf.Any;
import com.google.rpc.Code;
import com.google.rpc.ErrorInfo;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sns.timeline.social.SocialException;

/** Maps failures to gRPC statuses with an ErrorInfo reason where clients must act on it (ERRORS.md). */
public final class GrpcErrors {

    public static final String DOMAIN = "sns.v1";
    private static final Logger log = LoggerFactory.getLogger(GrpcErrors.class);

    private GrpcErrors() {}

    public static StatusRuntimeException toStatus(RuntimeException failure) {
        if (failure instanceof StatusRuntimeException status) {
            return status;
        }
        if (failure instanceof SocialException social) {
            return switch (social.kind()) {
                case INVALID_ARGUMENT -> plain(Code.INVALID_ARGUMENT, social);
                case NOT_FOUND -> plain(Code.NOT_FOUND, social);
                case ALREADY_EXISTS -> plain(Code.ALREADY_EXISTS, social);
                case FAILED_PRECONDITION -> plain(Code.FAILED_PRECONDITION, social);
                case UNAUTHENTICATED -> plain(Code.UNAUTHENTICATED, social);
                case NAME_TAKEN -> withReason(Code.UNAUTHENTICATED, "name-taken", social);
                case NOT_MASTER -> withReason(Code.UNAVAILABLE, "not-master", social);
                case UNKNOWN_OUTCOME -> withReason(Code.UNAVAILABLE, "unknown-outcome", social);
                case NOT_READY -> withReason(Code.UNAVAILABLE, "not-ready", social);
                case OVERLOADED -> plain(Code.RESOURCE_EXHAUSTED, social);
                case CANCELLED -> plain(Code.CANCELLED, social);
            };
        }
        log.error("Unexpected failure", failure);
        return Status.INTERNAL.withDescription("internal error: " + failure.getMessage()).asRuntimeException();
    }

    /** The reason of an SNS error, or empty. */
    public static String reasonOf(StatusRuntimeException e) {
        com.google.rpc.Status status = StatusProto.fromThrowable(e);
        if (status == null) {
            return "";
        }
        for (Any detail : status.getDetailsList()) {
            if (detail.is(ErrorInfo.class)) {
                try {
                    return detail.unpack(ErrorInfo.class).getReason();
                } catch (com.google.protobuf.InvalidProtocolBufferException ignored) {
                    return "";
                }
            }
        }
        return "";
    }

    private static StatusRuntimeException plain(Code code, SocialException e) {
        return Status.fromCodeValue(code.getNumber()).withDescription(e.getMessage()).asRuntimeException();
    }

    private static StatusRuntimeException withReason(Code code, String reason, SocialException e) {
        return StatusProto.toStatusRuntimeException(com.google.rpc.Status.newBuilder()
                .setCode(code.getNumber())
                .setMessage(e.getMessage())
                .addDetails(Any.pack(ErrorInfo.newBuilder().setReason(reason).setDomain(DOMAIN).build()))
                .build());
    }
}
