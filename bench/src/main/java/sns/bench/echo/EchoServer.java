package sns.bench.echo;

import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import java.net.InetSocketAddress;

/**
 * The calibration server, run as its own JVM on loopback: {@code EchoServer [direct|default]}.
 * "direct" answers on the transport threads (directExecutor), "default" hands each call to
 * grpc-java's default executor as a Spring gRPC server does. It prints its port, then serves
 * until its standard input closes, so it never outlives the bench that started it.
 */
public final class EchoServer {

    public static final String READY = "echo listening on ";

    public static void main(String[] args) throws Exception {
        boolean direct = args.length == 0 || args[0].equals("direct");
        NettyServerBuilder builder = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
                .addService(EchoService.definition());
        if (direct) {
            builder.directExecutor();
        }
        Server server = builder.build().start();
        System.out.println(READY + server.getPort());
        System.out.flush();
        while (System.in.read() >= 0) {
            // wait for the parent to close our standard input
        }
        server.shutdownNow();
    }
}
