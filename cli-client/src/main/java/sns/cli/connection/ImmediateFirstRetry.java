package sns.cli.connection;

import org.springframework.retry.RetryContext;
import org.springframework.retry.backoff.BackOffContext;
import org.springframework.retry.backoff.BackOffPolicy;
import org.springframework.retry.backoff.ExponentialRandomBackOffPolicy;

/**
 * The first retry goes at once (after a failover the coordinator usually names the new master
 * already, so the client's gap is the system's gap, not its retry schedule); later ones back off
 * exponentially with jitter, as Spring Retry's {@link ExponentialRandomBackOffPolicy} does.
 */
public final class ImmediateFirstRetry implements BackOffPolicy {

    private final BackOffPolicy then;

    public ImmediateFirstRetry(long initialMillis, long maxMillis) {
        ExponentialRandomBackOffPolicy exponential = new ExponentialRandomBackOffPolicy();
        exponential.setInitialInterval(initialMillis);
        exponential.setMultiplier(2.0);
        exponential.setMaxInterval(maxMillis);
        this.then = exponential;
    }

    @Override
    public BackOffContext start(RetryContext context) {
        return new State(then.start(context));
    }

    @Override
    public void backOff(BackOffContext context) {
        State state = (State) context;
        if (state.first) {
            state.first = false;
            return;
        }
        then.backOff(state.delegate);
    }

    private static final class State implements BackOffContext {
        private final BackOffContext delegate;
        private boolean first = true;

        State(BackOffContext delegate) {
            this.delegate = delegate;
        }
    }
}
