package sns.timeline.replication;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Opens the channels this server keeps to other servers and to the coordinator. A connection can
 * die without a reset (a dead machine, a network that drops): then only a keepalive notices, so
 * every channel pings after {@code keepAliveTime} of silence, with or without calls, and closes
 * the connection (failing its streams, which are then reopened) when a ping goes unanswered for
 * {@code keepAliveTimeout}. The servers permit such pings ({@code grpc.server.permit-keep-alive-*}).
 */
public final class KeepAliveChannels {

    private final Duration keepAliveTime;
    private final Duration keepAliveTimeout;

    public KeepAliveChannels(Duration keepAliveTime, Duration keepAliveTimeout) {
        this.keepAliveTime = keepAliveTime;
        this.keepAliveTimeout = keepAliveTimeout;
    }

    public ManagedChannel open(String target) {
        return ManagedChannelBuilder.forTarget(target).usePlaintext()
                .keepAliveTime(keepAliveTime.toMillis(), TimeUnit.MILLISECONDS)
                .keepAliveTimeout(keepAliveTimeout.toMillis(), TimeUnit.MILLISECONDS)
                .keepAliveWithoutCalls(true)
                .build();
    }
}
