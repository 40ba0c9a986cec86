package sns.system.faults;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Process faults under load (real processes, real signals): after each, every acknowledged write is
 * on every server exactly once, nothing appears that was not written, and no superseded master
 * acknowledged anything.
 */
class ProcessFaultsTest {

    private static FaultCluster cluster;

    @BeforeAll
    static void start() {
        cluster = new FaultCluster("process-faults");
    }

    @Test
    void killNineOfTheMasterLosesNothing() {
        CheckedRun run = FaultScenario.runOnce(cluster, Nemeses.KILL_MASTER);
        assertThat(run.verdict().clean()).as(run.report()).isTrue();
    }

    @Test
    void aKilledSlaveMissesWritesThenCatchesUpAndRejoinsTheInSyncSet() {
        CheckedRun run = FaultScenario.runOnce(cluster, Nemeses.KILL_SLAVE);
        assertThat(run.verdict().clean()).as(run.report()).isTrue();
    }

    @Test
    void aMasterPausedPastItsLeaseAcknowledgesNothingWhenItWakes() {
        CheckedRun run = FaultScenario.runOnce(cluster, Nemeses.PAUSE_MASTER);
        assertThat(run.verdict().clean()).as(run.report()).isTrue();
    }

    @Test
    void aCoordinatorKilledAndRestartedUnderLoadLosesNothing() {
        CheckedRun run = FaultScenario.runOnce(cluster, Nemeses.RESTART_COORDINATOR);
        assertThat(run.verdict().clean()).as(run.report()).isTrue();
    }

    @Test
    void aWholeClusterKilledSendsItsClientsElsewhereAndItsDataReturns() {
        CheckedRun run = FaultScenario.runOnce(cluster, Nemeses.KILL_CLUSTER);
        assertThat(run.verdict().clean()).as(run.report()).isTrue();
    }

    @Test
    void everythingKilledAndRestartedKeepsEveryAcknowledgedWrite() {
        CheckedRun run = FaultScenario.runOnce(cluster, Nemeses.RESTART_EVERYTHING);
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
