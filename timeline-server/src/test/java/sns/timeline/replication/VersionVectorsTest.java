package sns.timeline.replication;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Coverage and the missing-event count that the lag gauges report. */
class VersionVectorsTest {

    @Test
    void missingCountsOnlyWhatTheOtherSideLacksPerOrigin() {
        Map<String, Long> publisher = Map.of("a", 10L, "b", 3L);

        assertThat(VersionVectors.missing(Map.of(), publisher)).isEqualTo(13);
        assertThat(VersionVectors.missing(Map.of("a", 7L, "b", 3L), publisher)).isEqualTo(3);
        assertThat(VersionVectors.missing(Map.of("a", 12L, "b", 1L, "c", 5L), publisher))
                .as("being ahead on one origin does not hide lag on another").isEqualTo(2);
        assertThat(VersionVectors.covers(Map.of("a", 10L, "b", 3L), publisher)).isTrue();
        assertThat(VersionVectors.covers(Map.of("a", 10L), publisher)).isFalse();
    }
}
