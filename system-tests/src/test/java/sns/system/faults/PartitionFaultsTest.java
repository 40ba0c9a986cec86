package sns.system.faults;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Network partitions under load, as iptables rules between the nodes' own loopback addresses in
 * this JVM's private network namespace (skipped with the reason where there is none).
 */
class PartitionFaultsTest {

    @Test
    void aMasterCutFromTheCoordinatorStopsAcknowledgingAndItsSlaveTakesOver() {
        FaultScenario.runOnce(Nemeses.PARTITION_MASTER_FROM_COORDINATOR);
    }

    @Test
    void aMasterCutFromItsSlaveDropsItFromTheInSyncSetAndTheSlaveIsNotPromoted() {
        FaultScenario.runOnce(Nemeses.PARTITION_MASTER_FROM_SLAVE);
    }

    @Test
    void twoClustersCutApartBothKeepServingAndConvergeOnHeal() {
        FaultScenario.runOnce(Nemeses.PARTITION_CLUSTERS);
    }

    @AfterAll
    static void printTable() {
        FaultTable.print();
    }
}
