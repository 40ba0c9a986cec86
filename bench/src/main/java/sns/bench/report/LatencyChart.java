package sns.bench.report;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** Ack latency p50/p99 (left axis) and acknowledged posts per second (right axis) over a phase's window. */
public final class LatencyChart {

    private LatencyChart() {
    }

    public static void write(PhaseResult phase, Path png) throws IOException {
        List<SecondPoint> points = phase.perSecond();
        if (points.isEmpty()) {
            throw new IllegalArgumentException("phase " + phase.name() + " has no per-second figures");
        }
        double[] seconds = points.stream().mapToDouble(SecondPoint::second).toArray();
        XYChart chart = new XYChartBuilder().width(900).height(450)
                .title("SNS " + phase.name() + ": ack latency and throughput per second")
                .xAxisTitle("second of the measured window").yAxisTitle("ack latency (ms)").build();
        chart.setYAxisGroupTitle(1, "acknowledged posts/s");
        chart.getStyler().setYAxisGroupPosition(1, Styler.YAxisPosition.Right);
        chart.addSeries("ack p50 (ms)", seconds, points.stream().mapToDouble(SecondPoint::p50Millis).toArray())
                .setMarker(SeriesMarkers.NONE);
        chart.addSeries("ack p99 (ms)", seconds, points.stream().mapToDouble(SecondPoint::p99Millis).toArray())
                .setMarker(SeriesMarkers.NONE);
        var throughput = chart.addSeries("posts/s", seconds,
                points.stream().mapToDouble(SecondPoint::acknowledged).toArray());
        throughput.setMarker(SeriesMarkers.NONE);
        throughput.setYAxisGroup(1);
        BitmapEncoder.saveBitmap(chart, png.toString(), BitmapEncoder.BitmapFormat.PNG);
    }
}
