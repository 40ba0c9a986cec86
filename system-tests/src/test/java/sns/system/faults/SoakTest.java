package sns.system.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The soak ({@code -Psoak}): random nemesis episodes from a printed, replayable seed
 * ({@code -Dsns.soak.seed}) under a workload of {@code sns.soak.operations} operations.
 */
@EnabledIfSystemProperty(named = "sns.soak.operations", matches = "\\d+")
class SoakTest {

    @Test
    void randomFaultsUnderLongLoadLoseNothing() {
        long seed = Long.getLong("sns.soak.seed", System.nanoTime());
        int operations = Integer.getInteger("sns.soak.operations");
        CheckedRun run = FaultScenario.soak(seed, operations, Duration.ofMinutes(Long.getLong("sns.soak.minutes", 120)));
        assertThat(run.verdict().clean()).as(run.report()).isTrue();
    }

    @AfterAll
    static void printTable() {
        FaultTable.print();
    }
}
