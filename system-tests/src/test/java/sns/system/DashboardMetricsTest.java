package sns.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The Grafana dashboard (ops/grafana/dashboards) against the running programs: every metric it
 * queries is one that a coordinator and a master with its slave, as real processes, expose on
 * /actuator/prometheus, with the common tags the panels group by.
 */
class DashboardMetricsTest {

    private static final Pattern METRIC = Pattern.compile("\\b(?:sns|grpc)_[a-z0-9_]+\\b");

    @Test
    void everyMetricTheDashboardQueriesIsExposedByTheRunningPrograms() throws IOException {
        Set<String> queried = queriedMetrics();
        assertThat(queried).contains("sns_timeline_posts_accepted_total", "sns_coordinator_masters");
        try (SnsSystem sns = new SnsSystem("dashboard", 2)) {
            NodeProcess master = sns.startServer(1, 1).awaitReady();
            sns.awaitMaster(master, 1);
            NodeProcess slave = sns.startServer(1, 2).awaitReady();
            new SocialClient(sns.channel(master.address())).register("dashboard")
                    .post("a post for the dashboard", SocialClient.newKey());
            List<NodeProcess> nodes = List.of(sns.coordinator, master, slave);

            await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    assertThat(exposedMetrics(nodes)).containsAll(queried));
            assertThat(master.httpGet("/actuator/prometheus"))
                    .contains("sns_timeline_master{application=\"sns-timeline-server\",cluster=\"1\",server=\"1\"} 1.0");
        }
    }

    private static Set<String> queriedMetrics() throws IOException {
        Set<String> names = new TreeSet<>();
        try (Stream<Path> dashboards = Files.list(Path.of(System.getProperty("sns.repo.root"), "ops/grafana/dashboards"))) {
            for (Path dashboard : dashboards.toList()) {
                Matcher matcher = METRIC.matcher(Files.readString(dashboard));
                while (matcher.find()) {
                    names.add(matcher.group());
                }
            }
        }
        return names;
    }

    private static Set<String> exposedMetrics(List<NodeProcess> nodes) {
        Set<String> names = new TreeSet<>();
        for (NodeProcess node : nodes) {
            node.httpGet("/actuator/prometheus").lines().filter(line -> !line.startsWith("#") && !line.isBlank())
                    .forEach(line -> names.add(line.split("[{ ]", 2)[0]));
        }
        return names;
    }
}
