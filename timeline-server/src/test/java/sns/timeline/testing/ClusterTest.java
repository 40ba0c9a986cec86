package sns.timeline.testing;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/** Tests that build a fresh coordinator and servers of their own in every test method. */
public abstract class ClusterTest {

    @TempDir
    protected Path data;
    protected LocalCluster cluster;

    @AfterEach
    void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }
}
