package sns.system.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Network partitions under load, as iptables rules between the nodes' own loopback addresses in
 * this JVM's private network namespace (skipped with the reason where there is none).
 */
class PartitionFaultsTest {

    private static FaultCluster cluster;

    @BeforeAll
    static void start() {
        String reason = Partitions.unavailableReason();
        assumeTrue(reason == null, () -> "skipped: " + reason);
        cluster = new FaultCluster("partition-faults");
    }

    @Test
    void aMasterCutFromTheCoordinatorStopsAcknowledgingAndItsSlaveTakesOver() {
        CheckedRun run = FaultScenario.runOnce(cluster, Nemeses.PARTITION_MASTER_FROM_COORDINATOR);
        assertThat(run.verdict().clean()).as(run.report()).isTrue();
    }

    @Test
    void aMasterCutFromItsSlaveDropsItFromTheInSyncSetAndTheSlaveIsNotPromoted() {
        CheckedRun run = FaultScenario.runOnce(cluster, Nemeses.PARTITION_MASTER_FROM_SLAVE);
        assertThat(run.verdict().clean()).as(run.report()).isTrue();
    }

    @Test
    void twoClustersCutApartBothKeepServingAndConvergeOnHeal() {
        CheckedRun run = FaultScenario.runOnce(cluster, Nemeses.PARTITION_CLUSTERS);
        assertThat(run.verdict().clean()).as(run.report()).isTrue();
    }

    @AfterAll
    static void stopAndPrintTheTable() {
        if (cluster != null) {
            cluster.close();
        }
        FaultTable.print();
    }
}
