package sns.bench.workload;

import static org.assertj.core.api.Assertions.assertThat;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import sns.bench.load.Window;

class PostTextTest {

    @Test
    void aPostCarriesItsStampAndHasTheRequestedSize() {
        PostText.Stamp stamp = new PostText.Stamp(3, 17, 123_456_789_012L, 2);

        String text = PostText.of(stamp, 200);

        assertThat(text).hasSize(200);
        assertThat(PostText.parse(text)).contains(stamp);
        assertThat(PostText.parse("hello world")).isEmpty();
        assertThat(PostText.parse("b1 x y z")).isEmpty();
    }

    @Test
    void fanOutSplitsByTheFollowersClusterAndCountsOnlyTheCurrentPhasesWindow() {
        FanOut fanOut = new FanOut();
        fanOut.begin(2, new Window(1_000_000_000L, 2_000_000_000L));

        fanOut.arrived(PostText.of(new PostText.Stamp(2, 1, 1_100_000_000L, 1), 64), 1, 1_105_000_000L);
        fanOut.arrived(PostText.of(new PostText.Stamp(2, 2, 1_100_000_000L, 1), 64), 2, 1_130_000_000L);
        fanOut.arrived(PostText.of(new PostText.Stamp(1, 3, 1_100_000_000L, 1), 64), 1, 1_200_000_000L);
        fanOut.arrived(PostText.of(new PostText.Stamp(2, 4, 900_000_000L, 1), 64), 1, 1_200_000_000L);

        FanOut.Figures figures = fanOut.figures();
        assertThat(single(figures.sameCluster())).isBetween(4_990L, 5_010L);
        assertThat(single(figures.otherCluster())).isBetween(29_980L, 30_020L);
    }

    private static long single(Histogram histogram) {
        assertThat(histogram.getTotalCount()).isEqualTo(1);
        return histogram.getMaxValue();
    }
}
