package sns.timeline.testing;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.io.TempDir;
import sns.timeline.testing.LocalCluster.ServerNode;

/** Tests that share one real coordinator and one real master for the whole class. */
public abstract class OneServerTest {

    @TempDir
    static Path data;
    protected static LocalCluster cluster;
    protected static ServerNode server;
    private static final AtomicInteger NAMES = new AtomicInteger();

    protected static void startServer(String... serverProperties) {
        cluster = new LocalCluster(data, 1, serverProperties);
        server = cluster.awaitMaster(cluster.start(1, 1));
    }

    @AfterAll
    static void stopServer() {
        cluster.close();
    }

    /** A user name no other test of the run has taken. */
    protected static String name(String prefix) {
        return prefix + "_" + NAMES.incrementAndGet();
    }
}
