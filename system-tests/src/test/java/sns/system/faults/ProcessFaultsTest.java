package sns.system.faults;

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
        FaultScenario.runOnce(cluster, Nemeses.KILL_MASTER);
    }

    @Test
    void aKilledSlaveMissesWritesThenCatchesUpAndRejoinsTheInSyncSet() {
        FaultScenario.runOnce(cluster, Nemeses.KILL_SLAVE);
    }

    @Test
    void aMasterPausedPastItsLeaseAcknowledgesNothingWhenItWakes() {
        FaultScenario.runOnce(cluster, Nemeses.PAUSE_MASTER);
    }

    @Test
    void aCoordinatorKilledAndRestartedUnderLoadLosesNothing() {
        FaultScenario.runOnce(cluster, Nemeses.RESTART_COORDINATOR);
    }

    @Test
    void aWholeClusterKilledSendsItsClientsElsewhereAndItsDataReturns() {
        FaultScenario.runOnce(cluster, Nemeses.KILL_CLUSTER);
    }

    @Test
    void everythingKilledAndRestartedKeepsEveryAcknowledgedWrite() {
        FaultScenario.runOnce(cluster, Nemeses.RESTART_EVERYTHING);
    }

    @AfterAll
    static void stopAndPrintTheTable() {
        if (cluster != null) {
            cluster.close();
        }
        FaultTable.print();
    }
}
