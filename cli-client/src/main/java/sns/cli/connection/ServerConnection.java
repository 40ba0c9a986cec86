package sns.cli.connection;

import io.grpc.Metadata;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.MetadataUtils;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.springframework.retry.support.RetryTemplate;
import sns.api.v1.SocialGrpc;

/**
 * Calls the user's server and survives failover: on UNAVAILABLE (a slave, a master without a
 * lease or handing its lock over, a dead server, no master anywhere yet) it asks the coordinator
 * again and retries at once, then with jittered exponential backoff (sns.client.retry-backoff doubling up to retry-max-backoff)
 * until the retry deadline, then gives up with one sentence. Writes are safe to retry because
 * every one carries its idempotency key.
 */
public final class ServerConnection {

    private static final Metadata.Key<String> AUTHORIZATION =
            Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

    private final ServerDirectory directory;
    private final Session session;
    private final RetryTemplate retry;
    private final Duration retryDeadline;

    public ServerConnection(ServerDirectory directory, Session session, Duration retryDeadline,
                            ImmediateFirstRetry backOff) {
        this.directory = directory;
        this.session = session;
        this.retryDeadline = retryDeadline;
        this.retry = RetryTemplate.builder()
                .withinMillis(retryDeadline.toMillis())
                .customBackoff(backOff)
                .retryOn(RetryableFailure.class)
                .build();
    }

    /** A call that needs no login (Register, Login). */
    public <T> T anonymous(Function<SocialGrpc.SocialBlockingStub, T> call) {
        return withRetries(stub -> call.apply(stub));
    }

    /** A call as the logged-in user. */
    public <T> T authenticated(Function<SocialGrpc.SocialBlockingStub, T> call) {
        String token = session.token().orElseThrow(() -> new CliException("log in first (login <user>)"));
        return withRetries(stub -> call.apply(stub.withInterceptors(
                MetadataUtils.newAttachHeadersInterceptor(bearer(token)))));
    }

    public static Metadata bearer(String token) {
        Metadata headers = new Metadata();
        headers.put(AUTHORIZATION, "Bearer " + token);
        return headers;
    }

    private <T> T withRetries(Function<SocialGrpc.SocialBlockingStub, T> call) {
        try {
            return retry.execute(context -> {
                try {
                    ServerTarget target = context.getRetryCount() == 0 ? directory.current() : directory.refresh();
                    return call.apply(SocialGrpc.newBlockingStub(directory.channel(target))
                            .withDeadlineAfter(5, TimeUnit.SECONDS));
                } catch (StatusRuntimeException e) {
                    if (ServerDirectory.retryable(e)) {
                        throw new RetryableFailure(e);
                    }
                    throw e;
                }
            });
        } catch (RetryableFailure e) {
            throw new CliException("no server could take the request within " + retryDeadline.toSeconds()
                    + " s (" + describe(e.getCause()) + "); try again later");
        }
    }

    private static String describe(Throwable cause) {
        if (cause instanceof StatusRuntimeException status) {
            String description = status.getStatus().getDescription();
            return description == null ? status.getStatus().getCode().name() : description;
        }
        return String.valueOf(cause);
    }

    /** Marks a failure worth another try elsewhere. */
    static final class RetryableFailure extends RuntimeException {
        RetryableFailure(StatusRuntimeException cause) {
            super(cause);
        }
    }
}
