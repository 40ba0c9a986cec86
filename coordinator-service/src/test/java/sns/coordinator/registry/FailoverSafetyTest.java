package sns.coordinator.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import sns.coordinator.liveness.FailureDetector;
import sns.coordinator.liveness.Timing;
import sns.coordinator.registry.RegistryFixture.SimServer;

/**
 * The default timing (100 ms heartbeats, 6 missed: dead after 600 ms, lease 540 ms) on a manual
 * clock, with the failure detector running on its schedule and the slave heartbeating on its own:
 * a new master is never granted before the old master's lease has run out, a pause shorter than
 * the death timeout fails nothing over, and a crashed master's successor learns its role at its
 * first heartbeat after the death.
 */
class FailoverSafetyTest {

    static final Timing DEFAULT = new Timing(Duration.ofMillis(100), 6, 0.9);

    private final RegistryFixture fixture = new RegistryFixture(DEFAULT);
    private final FailureDetector detector = new FailureDetector(fixture.registry, fixture.clock, DEFAULT);
    private final SimServer master = fixture.server(1, 1).reporting(2);
    private final SimServer slave = fixture.server(1, 2);

    @Test
    void theDefaultLeaseEndsBeforeTheDeathTimeout() {
        assertThat(DEFAULT.leaseNanos()).isEqualTo(Duration.ofMillis(540).toNanos())
                .isLessThan(DEFAULT.deathTimeoutNanos());
    }

    @Test
    void aCrashedMastersSuccessorIsGrantedOnlyAfterTheLeaseAndWithinOneIntervalOfTheDeath() {
        startMasterAndSlave();
        long lastLeaseAnsweredAt = fixture.clock.nanoTime();
        master.beat();

        long grantedAt = runUntilSlaveIsMaster();

        assertThat(grantedAt - lastLeaseAnsweredAt).as("the lease the master was last given has run out")
                .isGreaterThan(DEFAULT.leaseNanos())
                .isGreaterThan(DEFAULT.deathTimeoutNanos())
                .isLessThanOrEqualTo(DEFAULT.deathTimeoutNanos() + DEFAULT.heartbeatInterval().toNanos()
                        + DEFAULT.checkPeriodNanos());
        assertThat(slave.epoch()).isEqualTo(2);
    }

    @Test
    void aMasterSilentForJustTheDeathTimeoutKeepsItsLock() {
        startMasterAndSlave();
        master.beat();
        long silentUntil = fixture.clock.nanoTime() + DEFAULT.deathTimeoutNanos();

        while (fixture.clock.nanoTime() < silentUntil) {
            tick();
            assertThat(slave.role()).isEqualTo(Role.SLAVE);
        }
        assertThat(master.beat().role()).isEqualTo(Role.MASTER);
        assertThat(master.epoch()).isEqualTo(1);
        tick();
        assertThat(slave.role()).isEqualTo(Role.SLAVE);
    }

    @Test
    void aCoordinatorPausedFarPastTheDeathTimeoutFailsNoMasterOver() {
        startMasterAndSlave();
        master.beat();
        detector.check();

        fixture.advance(10 * DEFAULT.deathTimeoutNanos());
        // On waking, the slave's queued heartbeat may be served before the detector's late round.
        assertThat(slave.beat().role()).isEqualTo(Role.SLAVE);
        detector.check();
        assertThat(master.beat().role()).isEqualTo(Role.MASTER);
        assertThat(slave.beat().role()).isEqualTo(Role.SLAVE);
        assertThat(master.epoch()).isEqualTo(1);
    }

    private void startMasterAndSlave() {
        fixture.open();
        master.beat();
        slave.beat();
        master.beat();
        detector.check();
        assertThat(master.role()).isEqualTo(Role.MASTER);
        assertThat(slave.beat().role()).isEqualTo(Role.SLAVE);
    }

    /** One check period passes: the detector runs; the slave beats when its interval is due. */
    private void tick() {
        fixture.advance(DEFAULT.checkPeriodNanos());
        detector.check();
        if ((fixture.clock.nanoTime() / DEFAULT.checkPeriodNanos()) % 2 == 0) {
            slave.beat();
        }
    }

    private long runUntilSlaveIsMaster() {
        for (int i = 0; i < 1000; i++) {
            tick();
            if (slave.last.role() == Role.MASTER) {
                return fixture.clock.nanoTime();
            }
        }
        throw new AssertionError("the slave never became master");
    }
}
