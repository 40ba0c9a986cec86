package sns.system.faults;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Process faults under load (real processes, real signals): after each, every acknowledged write is
 * on every server exactly once, nothing appears that was not written, and no superseded master
 * acknowledged anything.
 */
class ProcessFaultsTest {

    @Test
    void killNineOfTheMasterLosesNothing() {
        FaultScenario.runOnce(Nemeses.KILL_MASTER);
    }

    @Test
    void aKilledSlaveMissesWritesThenCatchesUpAndRejoinsTheInSyncSet() {
        FaultScenario.runOnce(Nemeses.KILL_SLAVE);
    }

    @Test
    void aMasterPausedPastItsLeaseAcknowledgesNothingWhenItWakes() {
        FaultScenario.runOnce(Nemeses.PAUSE_MASTER);
    }

    @Test
    void aCoordinatorKilledAndRestartedUnderLoadLosesNothing() {
        FaultScenario.runOnce(Nemeses.RESTART_COORDINATOR);
    }

    @Test
    void aWholeClusterKilledSendsItsClientsElsewhereAndItsDataReturns() {
        FaultScenario.runOnce(Nemeses.KILL_CLUSTER);
    }

    @Test
    void everythingKilledAndRestartedKeepsEveryAcknowledgedWrite() {
        FaultScenario.runOnce(Nemeses.RESTART_EVERYTHING);
    }

    @AfterAll
    static void printTable() {
        FaultTable.print();
    }
}
