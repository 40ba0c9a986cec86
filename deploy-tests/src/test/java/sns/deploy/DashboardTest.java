package sns.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * The Grafana dashboard and its provisioning: every panel queries the provisioned Prometheus data
 * source with PromQL that Prometheus' own parser accepts (promtool). That the metrics it names
 * exist is proven against running programs by system-tests' DashboardMetricsTest.
 */
class DashboardTest {

    private static final Path DASHBOARD = Repository.file("ops/grafana/dashboards/sns-overview.json");

    @Test
    void everyPanelQueriesTheProvisionedPrometheusDataSource() throws IOException {
        JsonNode dashboard = new ObjectMapper().readTree(DASHBOARD.toFile());
        @SuppressWarnings("unchecked")
        Map<String, Object> datasources = new Yaml().load(
                Files.readString(Repository.file("ops/grafana/provisioning/datasources/prometheus.yml")));
        @SuppressWarnings("unchecked")
        String uid = (String) ((List<Map<String, Object>>) datasources.get("datasources")).get(0).get("uid");
        assertThat(dashboard.path("panels")).isNotEmpty();
        for (JsonNode panel : dashboard.path("panels")) {
            assertThat(panel.path("datasource").path("uid").asText()).as(panel.path("title").asText()).isEqualTo(uid);
            assertThat(panel.path("targets")).as(panel.path("title").asText()).isNotEmpty();
        }
    }

    @Test
    void everyQueryIsPromQlThatPromtoolAccepts() throws IOException {
        assumeTrue(Repository.hasCommand("promtool"), "promtool is not installed (Debian package prometheus)");
        List<Map<String, String>> rules = new ArrayList<>();
        for (String expression : expressions()) {
            rules.add(Map.of("record", "sns:dashboard_query:" + rules.size(), "expr", expression));
        }
        Path file = Files.createTempFile("sns-dashboard-queries", ".yml");
        Files.writeString(file, new Yaml().dump(Map.of("groups", List.of(Map.of("name", "dashboard", "rules", rules)))));
        Command.run(List.of("promtool", "check", "rules", file.toString()), Duration.ofSeconds(60))
                .requireSuccess("promtool check rules (the dashboard's queries)");
        Files.delete(file);
    }

    @Test
    void promtoolRefusesAQueryThatIsNotPromQl() throws IOException {
        assumeTrue(Repository.hasCommand("promtool"), "promtool is not installed (Debian package prometheus)");
        Path file = Files.createTempFile("sns-bad-query", ".yml");
        Files.writeString(file, new Yaml().dump(Map.of("groups", List.of(Map.of("name", "bad", "rules",
                List.of(Map.of("record", "sns:bad", "expr", "sum by (cluster (rate(x[1m])))")))))));
        assertThat(Command.run(List.of("promtool", "check", "rules", file.toString()), Duration.ofSeconds(60)).exitCode())
                .isNotZero();
        Files.delete(file);
    }

    private static List<String> expressions() throws IOException {
        List<String> expressions = new ArrayList<>();
        for (JsonNode panel : new ObjectMapper().readTree(DASHBOARD.toFile()).path("panels")) {
            panel.path("targets").forEach(target -> expressions.add(target.path("expr").asText()));
        }
        return expressions;
    }
}
