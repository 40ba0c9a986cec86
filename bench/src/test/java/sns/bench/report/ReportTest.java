package sns.bench.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sns.bench.load.FindMax;
import sns.bench.machine.Machine;
import sns.bench.machine.ProcessUsage;

class ReportTest {

    private static final LatencySummary ACK = new LatencySummary(9_000, 6.5, 37.25, 60, 80);

    private static PhaseResult phase(String name, String mode, double rate, double perSecond) {
        return new PhaseResult(name, mode, rate, mode.equals("closed") ? 64 : 0, 20, (long) (perSecond * 20),
                perSecond, 0, ACK, Map.of("UNAVAILABLE", 3L), new LatencySummary(100, 2, 20, 30, 40),
                new LatencySummary(0, 0, 0, 0, 0), Map.of(),
                List.of(new ProcessUsage("c1-s1", 11, 10, 1.16, 280), new ProcessUsage("bench", 12, 4, 0.4, 150)),
                30, List.of(new SecondPoint(0, 450, 6, 30), new SecondPoint(1, 460, 7, 35)));
    }

    private static Report report() {
        Machine machine = new Machine(2, 23.4, "OpenJDK 64-Bit Server VM 17.0.15", "Linux 6.1", "/tmp/data", 200,
                0.8, 2.5, 3.2);
        PhaseResult echo = phase("echo, direct executor", "closed", 0, 20_000);
        return new Report("abc1234", "2026-11-26T04:00:00Z", "shared machine", machine,
                Map.of("coordinator", 250.0, "c1-s1", 281.5),
                new Workload(1000, 2, 10, 1.0, 9_990, 130, 200, 200, 75, Map.of(), 60), List.of(echo),
                List.of(phase("closed loop", "closed", 0, 500).withRatioToEcho(20_000),
                        phase("open loop", "open", 250, 250).withRatioToEcho(20_000)),
                new FindMaxResult(50, 400, 0.02, List.of(new FindMax.Step(300, 300, 20, 0, true),
                        new FindMax.Step(400, 400, 45, 0, true), new FindMax.Step(520, 480, 90, 0, false))),
                "abc.png");
    }

    @Test
    void jsonRoundTripsEveryFigure(@TempDir Path dir) throws Exception {
        Report report = report();

        JsonReport.write(report, dir.resolve("r.json"));

        assertThat(JsonReport.read(dir.resolve("r.json"))).isEqualTo(report);
        assertThat(Files.readString(dir.resolve("r.json"))).contains("\"acknowledgedPerSecond\" : 500.0");
    }

    @Test
    void markdownStartsWithTheMachineAndShowsRatiosFindMaxAndCpuPerPost() {
        String md = MarkdownReport.render(report());

        assertThat(md.lines().limit(12).toList()).contains("| cores | 2 |", "> shared machine")
                .anyMatch(line -> line.contains("fsync") && line.contains("0.80 / 2.50 ms"));
        assertThat(md).contains("| closed loop | closed loop, 64 in flight, 20 s | 500 | 0.025 | "
                + "6.5 / 37.3 / 60.0 / 80.0 | 2.0 / 20.0 (100) | - | UNAVAILABLE 3 |");
        assertThat(md).contains("**Highest rate that held: 400 posts/s**")
                .contains("| 3 | 520 | 480 | 90.0 | 0 | no |");
        assertThat(md).contains("| c1-s1 | 11 | 10.00 | 1.160 | 280 |").contains("| all listed | | 14.00 | 1.400 | |")
                .contains("![ack latency and throughput per second](abc.png)");
    }

    @Test
    void theChartIsAPng(@TempDir Path dir) throws Exception {
        System.setProperty("java.awt.headless", "true");
        Path png = dir.resolve("chart.png");

        LatencyChart.write(report().phases().get(1), png);

        byte[] bytes = Files.readAllBytes(png);
        assertThat(bytes).startsWith(0x89, 'P', 'N', 'G');
        assertThat(bytes.length).isGreaterThan(1_000);
    }
}
