package sns.timeline.replication;

import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Opens the channels this server keeps to other servers and to the coordinator. A connection can
 * die without a reset (a dead machine, a network that drops): then only a keepalive notices, so
 * every channel pings after {@code keepAliveTime} of silence, with or without calls, and closes
 * the connection (failing its streams, which are then reopened) when a ping goes unanswered for
 * {@code keepAliveTimeout}. The servers permit such pings ({@code grpc.server.permit-keep-alive-*}).
 * With a local address ({@code sns.server.local-address}) every connection leaves from it.
 * Callbacks run on the transport threads ({@code directExecutor}): a subscription's never block
 * (applying is queued for the single writer), and blocking stubs wait on their caller's thread.
 */
public final class KeepAliveChannels {

    private final Duration keepAliveTime;
    private final Duration keepAliveTimeout;
    private final Optional<String> localAddress;

    public KeepAliveChannels(Duration keepAliveTime, Duration keepAliveTimeout, Optional<String> localAddress) {
        this.keepAliveTime = keepAliveTime;
        this.keepAliveTimeout = keepAliveTimeout;
        this.localAddress = localAddress;
    }

    public ManagedChannel open(String target) {
        NettyChannelBuilder builder = NettyChannelBuilder.forTarget(target).usePlaintext()
                .keepAliveTime(keepAliveTime.toMillis(), TimeUnit.MILLISECONDS)
                .keepAliveTimeout(keepAliveTimeout.toMillis(), TimeUnit.MILLISECONDS)
                .keepAliveWithoutCalls(true)
                .directExecutor();
        localAddress.ifPresent(host -> builder.localSocketPicker(new NettyChannelBuilder.LocalSocketPicker() {
            @Override
            public SocketAddress createSocketAddress(SocketAddress remoteAddress, io.grpc.Attributes attrs) {
                return new InetSocketAddress(host, 0);
            }
        }));
        return builder.build();
    }
}
