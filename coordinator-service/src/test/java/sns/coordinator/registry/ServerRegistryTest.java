package sns.coordinator.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static sns.coordinator.registry.RegistryFixture.LEASE;
import static sns.coordinator.registry.RegistryFixture.TIMEOUT;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import sns.coordinator.registry.RegistryFixture.SimServer;

class ServerRegistryTest {

    private final RegistryFixture fixture = new RegistryFixture();

    @Test
    void grantsNothingUntilTheRecoveryPeriodHasPassed() {
        SimServer s1 = fixture.server(1, 1);

        assertGrantedExactlyOneDeathTimeoutFromNow(s1);
        assertThat(s1.epoch()).isEqualTo(1);
    }

    @Test
    void twoServersOfAClusterGetOneMasterAndOneSlave() {
        fixture.open();
        SimServer s1 = fixture.server(1, 1);
        SimServer s2 = fixture.server(1, 2);
        s1.beat();
        s2.beat();

        assertThat(s1.role()).isEqualTo(Role.MASTER);
        assertThat(s2.role()).isEqualTo(Role.SLAVE);
        assertThat(s2.last.master()).map(ServerView::key).contains(s1.key);
        assertThat(s1.last.leaseNanos()).isEqualTo(LEASE);
        assertThat(s2.last.leaseNanos()).isZero();
        assertThat(s2.last.members()).extracting(ServerView::key).containsExactly(s1.key, s2.key);
        assertThat(fixture.namespace.read("/clusters/1/master")).contains("server=1", "epoch=1");
    }

    @Test
    void aServerIsAliveAtExactlyTheTimeoutAndDeadOneNanosecondLater() {
        fixture.open();
        SimServer s1 = fixture.server(1, 1);
        s1.beat();

        fixture.advance(TIMEOUT);
        assertThat(fixture.registry.expireDead()).isEmpty();
        fixture.advance(1);
        assertThat(fixture.registry.expireDead()).containsExactly(s1.key);
        assertThat(fixture.registry.liveServers(1)).isEmpty();
        assertThat(fixture.namespace.exists("/clusters/1/servers/1")).isFalse();
        assertThat(fixture.namespace.exists("/clusters/1/master")).isFalse();
    }

    @Test
    void inSyncSlaveTakesOverWithAHigherEpochWhenTheMasterDies() {
        SimServer master = fixture.server(1, 1).reporting(2);
        SimServer slave = fixture.server(1, 2);
        startMasterAndSlave(master, slave);
        slave.beat();
        assertThat(slave.last.members()).filteredOn(m -> m.key().equals(slave.key))
                .extracting(ServerView::inSync).containsExactly(true);

        fixture.outliveTheSilent(slave);

        assertThat(slave.beat().role()).isEqualTo(Role.MASTER);
        assertThat(slave.epoch()).isEqualTo(2);
        assertThat(fixture.namespace.read("/clusters/1/master")).contains("server=2", "epoch=2");
    }

    @Test
    void slaveOutsideTheInSyncSetIsNeverPromoted() {
        SimServer master = fixture.server(1, 1);
        SimServer slave = fixture.server(1, 2);
        startMasterAndSlave(master, slave);

        fixture.outliveTheSilent(slave);

        assertThat(slave.beat().role()).isEqualTo(Role.SLAVE);
        assertThat(slave.last.master()).isEmpty();
        assertThat(fixture.registry.hasMaster(1)).isFalse();
    }

    @Test
    void theOldMasterReturningToAMasterlessClusterRetakesTheLockAtAHigherEpoch() {
        fixture.open();
        SimServer master = fixture.server(1, 1);
        SimServer slave = fixture.server(1, 2);
        master.beat();
        slave.beat();
        fixture.outliveTheSilent(slave);
        assertThat(fixture.registry.hasMaster(1)).isFalse();

        assertThat(master.beat().role()).isEqualTo(Role.MASTER);
        assertThat(master.epoch()).isEqualTo(2);
    }

    @Test
    void removalFromTheInSyncSetIsConfirmedInTheAnswerAndEndsEligibility() {
        SimServer master = fixture.server(1, 1).reporting(2);
        SimServer slave = fixture.server(1, 2);
        startMasterAndSlave(master, slave);
        master.reporting();
        TopologyView confirmation = master.beat();
        assertThat(confirmation.members()).extracting(ServerView::inSync).containsOnly(false);

        fixture.outliveTheSilent(slave);
        assertThat(slave.beat().role()).isEqualTo(Role.SLAVE);
    }

    @Test
    void noNewMasterWhileTheOldMastersLeaseMayStillRun() {
        SimServer master = fixture.server(1, 1).reporting(2);
        SimServer slave = fixture.server(1, 2);
        startMasterAndSlave(master, slave);

        // The master's process comes back with wiped data: its old session ends at once, but
        // the lease granted by the last answer may still run.
        master.uid = "uid-wiped";
        master.maxEpochSeen = 0;
        master.holdsLock = false;
        assertThat(master.beat().role()).isEqualTo(Role.PENDING);
        assertThat(slave.beat().role()).isEqualTo(Role.PENDING);

        fixture.advance(LEASE - 1);
        assertThat(slave.beat().role()).isEqualTo(Role.PENDING);
        fixture.advance(1);
        assertThat(slave.beat().role()).isEqualTo(Role.MASTER);
        assertThat(master.beat().role()).isEqualTo(Role.SLAVE);
    }

    @Test
    void everyGrantIncrementsTheEpoch() {
        fixture.open();
        SimServer a = fixture.server(1, 1).reporting(2);
        SimServer b = fixture.server(1, 2).reporting(1);
        a.beat();
        b.beat();
        a.beat();
        for (int round = 0; round < 3; round++) {
            SimServer master = a.holdsLock ? a : b;
            SimServer slave = master == a ? b : a;
            long epoch = master.epoch();
            fixture.outliveTheSilent(slave);
            assertThat(slave.beat().role()).isEqualTo(Role.MASTER);
            assertThat(slave.epoch()).isEqualTo(epoch + 1);
            master.holdsLock = false;
            assertThat(master.beat().role()).isEqualTo(Role.SLAVE);
            slave.beat();
            master.beat();
        }
    }

    @Test
    void afterACoordinatorRestartTheHighestEpochClaimantKeepsItsLockAtANewerEpoch() {
        SimServer master = fixture.server(1, 1).reporting(2);
        SimServer slave = fixture.server(1, 2);
        startMasterAndSlave(master, slave);
        slave.beat();
        master.maxEpochSeen = 7;
        slave.maxEpochSeen = 7;

        fixture.restartCoordinator();
        assertThat(slave.beat().role()).isEqualTo(Role.PENDING);
        assertThat(master.beat().role()).isEqualTo(Role.PENDING);
        fixture.advance(TIMEOUT);
        slave.beat();

        assertThat(master.beat().role()).isEqualTo(Role.MASTER);
        assertThat(master.epoch()).isGreaterThan(7);
        assertThat(slave.beat().role()).isEqualTo(Role.SLAVE);
        assertThat(slave.epoch()).isEqualTo(master.epoch());
    }

    @Test
    void afterACoordinatorRestartWithoutAClaimantAnInSyncSlaveAtTheHighestEpochLeadsAtANewerOne() {
        SimServer inSync = fixture.server(1, 2);
        SimServer stale = fixture.server(1, 3);
        inSync.maxEpochSeen = 4;
        inSync.wasInSync = true;
        stale.maxEpochSeen = 3;
        stale.wasInSync = true;
        stale.beat();
        inSync.beat();
        fixture.open();

        assertThat(stale.beat().role()).isEqualTo(Role.SLAVE);
        assertThat(inSync.beat().role()).isEqualTo(Role.MASTER);
        assertThat(inSync.epoch()).isGreaterThan(4);
    }

    @Test
    void afterACoordinatorRestartNoEligibleServerMeansNoMasterAndEpochsNeverDrop() {
        SimServer outOfSync = fixture.server(1, 2);
        outOfSync.maxEpochSeen = 9;
        outOfSync.beat();
        fixture.open();

        assertThat(outOfSync.beat().role()).isEqualTo(Role.SLAVE);
        assertThat(outOfSync.epoch()).isEqualTo(9);
        assertThat(fixture.registry.hasMaster(1)).isFalse();
    }

    @Test
    void aMasterKeptAfterARestartLosesTheLockWhenANewerEpochShowsUp() {
        SimServer older = fixture.server(1, 1);
        older.maxEpochSeen = 1;
        older.holdsLock = true;
        fixture.open();
        assertThat(older.beat().role()).as("alone, the old claimant keeps its lock").isEqualTo(Role.MASTER);
        long kept = older.epoch();
        // A server granted an even newer epoch (by a coordinator whose clock ran ahead) turns up.
        SimServer newer = fixture.server(1, 2);
        newer.maxEpochSeen = kept + 1;
        newer.holdsLock = true;

        assertThat(newer.beat().role()).isEqualTo(Role.PENDING);
        assertThat(fixture.registry.hasMaster(1)).isFalse();
        fixture.advance(LEASE);

        assertThat(newer.beat().role()).isEqualTo(Role.MASTER);
        assertThat(newer.epoch()).as("the newest claimant keeps the lock, at a newer epoch").isGreaterThan(kept + 1);
        assertThat(older.beat().role()).isEqualTo(Role.SLAVE);
    }

    @Test
    void badHeartbeatsAreRefusedAndChangeNothing() {
        fixture.open();
        SimServer good = fixture.server(1, 1);
        good.beat();
        assertThatThrownBy(() -> fixture.registry.heartbeat(withKey(good, 0, 1)))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("cluster id 0 is out of range 1..3");
        assertThatThrownBy(() -> fixture.registry.heartbeat(withKey(good, 4, 1)))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("out of range");
        assertThatThrownBy(() -> fixture.registry.heartbeat(withKey(good, 2, 0)))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("server id must be at least 1");
        for (String address : new String[] {"", "localhost", "localhost:0x", "localhost:70000", "bad host:1", ":10"}) {
            assertThatThrownBy(() -> fixture.registry.heartbeat(withAddress(good, 2, address)))
                    .isInstanceOf(InvalidRequestException.class).hasMessageContaining("address")
                    .as(address);
        }
        SimServer blankUid = fixture.server(2, 1);
        blankUid.uid = "";
        assertThatThrownBy(blankUid::beat).isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("uid");

        assertThat(fixture.registry.liveServers(2)).isEmpty();
        assertThat(fixture.namespace.list("/clusters/2/servers")).isEmpty();
    }

    @Test
    void aSecondLiveServerCannotClaimTheSameSlotFromAnotherAddress() {
        fixture.open();
        SimServer first = fixture.server(1, 1);
        first.beat();
        SimServer impostor = fixture.server(1, 1);
        impostor.address = "localhost:19999";

        assertThatThrownBy(impostor::beat).isInstanceOf(ServerConflictException.class)
                .hasMessageContaining("already registered from " + first.address);
        assertThat(fixture.registry.liveServers(1)).extracting(ServerView::address).containsExactly(first.address);

        fixture.advance(TIMEOUT + 1);
        fixture.registry.expireDead();
        assertThat(impostor.beat().role()).isEqualTo(Role.MASTER);
    }

    @Test
    void lateChecksExtendEverySessionByTheirLateness() {
        fixture.open();
        SimServer s1 = fixture.server(1, 1);
        s1.beat();
        fixture.advance(TIMEOUT + 5_000_000_000L);
        fixture.registry.extendDeadlines(5_000_000_000L);

        assertThat(fixture.registry.expireDead()).isEmpty();
        fixture.advance(1);
        assertThat(fixture.registry.expireDead()).containsExactly(s1.key);
    }

    @Test
    void topologyListsTheOtherClustersMasters() {
        fixture.open();
        fixture.server(2, 1).beat();
        fixture.server(3, 4).beat();
        TopologyView topology = fixture.server(1, 1).beat();

        assertThat(topology.otherMasters()).extracting(ServerView::key)
                .containsExactly(new ServerKey(2, 1), new ServerKey(3, 4));
        assertThat(fixture.registry.otherMasters(2)).extracting(ServerView::key)
                .containsExactly(new ServerKey(1, 1), new ServerKey(3, 4));
    }

    @Test
    void aHeartbeatOvertakenByANewerOneChangesNothing() {
        SimServer master = fixture.server(1, 1).reporting(2);
        SimServer slave = fixture.server(1, 2);
        startMasterAndSlave(master, slave);
        Heartbeat overtaken = master.heartbeat();
        master.reporting();
        assertThat(master.beat().members()).extracting(ServerView::inSync).containsOnly(false);

        fixture.registry.heartbeat(overtaken);

        assertThat(fixture.namespace.read("/clusters/1/servers/2")).contains("in-sync=false");
        fixture.outliveTheSilent(slave);
        assertThat(slave.beat().role()).as("the removal confirmed by the newer heartbeat stands").isEqualTo(Role.SLAVE);
        assertThat(fixture.registry.hasMaster(1)).isFalse();
    }

    @Test
    void aSlaveRestartedWithEmptyDataAtTheSameIdInheritsNoEligibility() {
        SimServer master = fixture.server(1, 1).reporting(2);
        SimServer slave = fixture.server(1, 2);
        startMasterAndSlave(master, slave);
        slave.beat();

        slave.uid = "uid-wiped";
        slave.maxEpochSeen = 0;
        slave.wasInSync = false;
        slave.beat();
        master.beat();

        assertThat(master.last.members()).extracting(ServerView::inSync).containsOnly(false);
        fixture.outliveTheSilent(slave);
        assertThat(slave.beat().role()).as("eligibility followed the old data, not the id").isEqualTo(Role.SLAVE);
        assertThat(fixture.registry.hasMaster(1)).isFalse();
    }

    @Test
    void theRecoveryHoldCountsFromWhenTheCoordinatorServesNotFromWhenItWasBuilt() {
        fixture.buildCoordinator();
        fixture.advance(TIMEOUT);
        fixture.registry.expireDead();
        fixture.registry.startServing();

        assertGrantedExactlyOneDeathTimeoutFromNow(fixture.server(1, 1));
    }

    @Test
    void afterARestartNoGrantReusesAnEpochThePreviousCoordinatorMayHaveGranted() {
        SimServer first = fixture.server(1, 1).reporting(2);
        SimServer second = fixture.server(1, 2);
        startMasterAndSlave(first, second);
        second.beat();
        fixture.outliveTheSilent(second);
        assertThat(second.beat().role()).isEqualTo(Role.MASTER);
        assertThat(second.epoch()).isEqualTo(2);
        // The first master was cut off and never heard of epoch 2; the second is down when the
        // coordinator restarts, so nobody alive can tell the new coordinator that epoch 2 exists.
        assertThat(first.maxEpochSeen).isEqualTo(1);
        assertThat(first.holdsLock).isTrue();

        fixture.restartCoordinator();
        first.beat();
        fixture.open();

        assertThat(first.beat().role()).as("the only claimant keeps the lock").isEqualTo(Role.MASTER);
        assertThat(first.epoch()).as("but never at an epoch that may have been granted before").isGreaterThan(2);
        assertThat(second.beat().role()).as("the old holder of epoch 2 is fenced when it returns").isEqualTo(Role.SLAVE);
        assertThat(second.epoch()).isEqualTo(first.epoch());
    }

    @Test
    void aHandOverGivesTheLockToTheInSyncSlaveAtOnceAtTheNextEpoch() {
        SimServer master = fixture.server(1, 1).reporting(2);
        SimServer slave = fixture.server(1, 2);
        startMasterAndSlave(master, slave);

        ServerView successor = fixture.registry.handOver(handOverBy(master, ""));

        assertThat(successor.key()).isEqualTo(slave.key);
        assertThat(slave.beat().role()).as("no wait for the lease: the call released it").isEqualTo(Role.MASTER);
        assertThat(slave.epoch()).isEqualTo(2);
        assertThat(fixture.registry.liveServers(1)).extracting(ServerView::key).containsExactly(slave.key);
        assertThat(fixture.namespace.read("/clusters/1/master")).contains("server=2", "epoch=2");
    }

    @Test
    void aHandOverGoesOnlyToAnInSyncMemberEvenWhenTheMasterNamesAnother() {
        SimServer master = fixture.server(1, 1).reporting(3);
        SimServer outOfSync = fixture.server(1, 2);
        SimServer inSync = fixture.server(1, 3);
        startMasterAndSlave(master, outOfSync, inSync);

        ServerView successor = fixture.registry.handOver(handOverBy(master, outOfSync.uid));

        assertThat(successor.key()).isEqualTo(inSync.key);
        assertThat(outOfSync.beat().role()).isEqualTo(Role.SLAVE);
        assertThat(inSync.beat().role()).isEqualTo(Role.MASTER);
    }

    @Test
    void aHandOverPrefersTheInSyncMemberTheMasterNames() {
        SimServer master = fixture.server(1, 1).reporting(2, 3);
        SimServer second = fixture.server(1, 2);
        SimServer third = fixture.server(1, 3);
        startMasterAndSlave(master, second, third);

        assertThat(fixture.registry.handOver(handOverBy(master, third.uid)).key()).isEqualTo(third.key);
    }

    @Test
    void aHandOverWithoutALiveInSyncMemberIsRefusedAndChangesNothing() {
        SimServer master = fixture.server(1, 1);
        SimServer slave = fixture.server(1, 2);
        startMasterAndSlave(master, slave);

        assertThatThrownBy(() -> fixture.registry.handOver(handOverBy(master, slave.uid)))
                .isInstanceOfSatisfying(HandOverRefusedException.class,
                        e -> assertThat(e.reason()).isEqualTo(HandOverRefusedException.NO_IN_SYNC_MEMBER));

        assertThat(master.beat().role()).isEqualTo(Role.MASTER);
        assertThat(master.epoch()).isEqualTo(1);
        assertThat(slave.beat().role()).isEqualTo(Role.SLAVE);
        fixture.outliveTheSilent(slave);
        assertThat(slave.beat().role()).as("a master stopping without an in-sync slave leaves no one eligible")
                .isEqualTo(Role.SLAVE);
        assertThat(fixture.registry.hasMaster(1)).isFalse();
    }

    @Test
    void onlyTheMasterAtItsOwnEpochMayHandOver() {
        SimServer master = fixture.server(1, 1).reporting(2);
        SimServer slave = fixture.server(1, 2);
        startMasterAndSlave(master, slave);

        for (HandOver wrong : List.of(handOverBy(slave, master.uid),
                new HandOver(master.key, master.uid, 7, ""),
                new HandOver(master.key, "uid-other-data", 1, ""))) {
            assertThatThrownBy(() -> fixture.registry.handOver(wrong))
                    .isInstanceOfSatisfying(HandOverRefusedException.class,
                            e -> assertThat(e.reason()).isEqualTo(HandOverRefusedException.NOT_MASTER));
        }
        assertThatThrownBy(() -> fixture.registry.handOver(new HandOver(new ServerKey(9, 1), "u", 1, "")))
                .isInstanceOf(InvalidRequestException.class);
        assertThat(master.beat().role()).isEqualTo(Role.MASTER);
        assertThat(slave.beat().role()).isEqualTo(Role.SLAVE);
        assertThat(master.epoch()).isEqualTo(1);
    }

    @Test
    void theMasterThatHandedOverReturnsAsASlaveOfTheNewEpoch() {
        SimServer master = fixture.server(1, 1).reporting(2);
        SimServer slave = fixture.server(1, 2);
        startMasterAndSlave(master, slave);
        fixture.registry.handOver(handOverBy(master, slave.uid));
        slave.beat();

        assertThat(master.beat().role()).isEqualTo(Role.SLAVE);
        assertThat(master.epoch()).isEqualTo(2);
    }

    private static HandOver handOverBy(SimServer server, String successorUid) {
        return new HandOver(server.key, server.uid, server.maxEpochSeen, successorUid);
    }

    private void assertGrantedExactlyOneDeathTimeoutFromNow(SimServer server) {
        assertThat(server.beat().role()).isEqualTo(Role.PENDING);
        fixture.advance(TIMEOUT - 1);
        assertThat(server.beat().role()).isEqualTo(Role.PENDING);
        fixture.advance(1);
        assertThat(server.beat().role()).isEqualTo(Role.MASTER);
    }

    /** Opens elections, makes the first server master and lets it report its in-sync set once. */
    private void startMasterAndSlave(SimServer master, SimServer... slaves) {
        fixture.open();
        master.beat();
        for (SimServer slave : slaves) {
            slave.beat();
        }
        master.beat();
        assertThat(master.role()).isEqualTo(Role.MASTER);
        for (SimServer slave : slaves) {
            assertThat(slave.role()).isEqualTo(Role.SLAVE);
        }
    }

    private static Heartbeat withKey(SimServer server, int cluster, int serverId) {
        Heartbeat hb = server.heartbeat();
        return new Heartbeat(new ServerKey(cluster, serverId), hb.address(), hb.serverUid(), hb.sequence(),
                hb.maxEpochSeen(), hb.holdsLock(), Set.of(), false, true);
    }

    private static Heartbeat withAddress(SimServer server, int cluster, String address) {
        Heartbeat hb = server.heartbeat();
        return new Heartbeat(new ServerKey(cluster, 1), address, hb.serverUid(), hb.sequence(), 0, false,
                Set.of(), false, true);
    }
}
