package sns.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * docker-compose.yml and ops/prometheus/prometheus.yml against the programs they run: every
 * setting is a property the program has, with a value it accepts; health checks, ports, addresses
 * and scrape targets are the ones the programs really serve.
 */
class ComposeFileTest {

    private static final Pattern HTTP_URL = Pattern.compile("http://localhost:(\\d+)(/\\S*)");

    private final ComposeFile compose = ComposeFile.read(Repository.file("docker-compose.yml"), Map.of());

    @Test
    void runsTheCoordinatorAndTwoClustersOfTwoTimelineServersWithTheClientAndDashboardsInProfiles() {
        Set<String> slots = new HashSet<>();
        for (ComposeFile.Service service : servicesOf(SnsProgram.TIMELINE_SERVER)) {
            ConfiguredProgram server = configure(service);
            slots.add(server.string("sns.server.cluster-id") + "-" + server.string("sns.server.server-id"));
        }
        assertThat(slots).containsExactlyInAnyOrder("1-1", "1-2", "2-1", "2-2");
        assertThat(configure(compose.service("coordinator")).string("sns.coordinator.clusters")).isEqualTo("2");
        assertThat(compose.service("cli").profiles()).containsExactly("cli");
        assertThat(compose.service("prometheus").profiles()).containsExactly("observability");
        assertThat(compose.service("grafana").profiles()).containsExactly("observability");
    }

    @Test
    void theCoordinatorChecksTheClusterSecretEveryServerSends() {
        String secret = "a-cluster-secret-set-in-the-env-file-0123456789";
        ComposeFile withSecret = ComposeFile.read(Repository.file("docker-compose.yml"),
                Map.of("SNS_SECURITY_CLUSTER_SECRET", secret));

        assertThat(configure(withSecret.service("coordinator")).string("sns.security.cluster-secret")).isEqualTo(secret);
        for (ComposeFile.Service service : servicesOf(SnsProgram.TIMELINE_SERVER)) {
            assertThat(configure(withSecret.service(service.name())).string("sns.security.cluster-secret"))
                    .as(service.name()).isEqualTo(secret);
        }
    }

    @Test
    void everySettingNamesAPropertyOfItsProgramWithAValueTheProgramAccepts() {
        List<String> problems = new ArrayList<>();
        for (ComposeFile.Service service : snsServices()) {
            problems.addAll(configure(service).problems(Set.of()).stream()
                    .map(problem -> service.name() + ": " + problem).toList());
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void healthChecksAskTheProgramsReadinessOnItsOwnHttpPort() {
        for (ComposeFile.Service service : snsServices()) {
            if (service.program().orElseThrow() == SnsProgram.CLI) {
                continue;
            }
            ConfiguredProgram program = configure(service);
            Matcher url = HTTP_URL.matcher(String.join(" ", service.healthCheck()));
            assertThat(url.find()).as(service.name() + " has an HTTP health check").isTrue();
            assertThat(Integer.parseInt(url.group(1))).as(service.name() + " health check port")
                    .isEqualTo(program.httpPort());
            assertThat(url.group(2)).as(service.name() + " health check path").endsWith("/health/readiness");
            assertThat(program.actuatorPaths()).as(service.name() + " serves").contains(url.group(2));
        }
    }

    @Test
    void publishedPortsAreThePortsTheProgramsListenOn() {
        for (ComposeFile.Service service : snsServices()) {
            ConfiguredProgram program = configure(service);
            assertThat(service.containerPorts()).as(service.name())
                    .allMatch(port -> port == program.grpcPort() || port == program.httpPort());
        }
    }

    @Test
    void addressesNameAServiceOfTheRightProgramAndItsGrpcPort() {
        for (ComposeFile.Service service : snsServices()) {
            if (service.program().orElseThrow() == SnsProgram.COORDINATOR) {
                continue;
            }
            ConfiguredProgram program = configure(service);
            assertThat(pointsAt(program.string("sns.coordinator.address"), SnsProgram.COORDINATOR))
                    .as(service.name() + " reaches the coordinator").isTrue();
            if (service.program().orElseThrow() == SnsProgram.TIMELINE_SERVER) {
                assertThat(program.string("sns.server.advertised-address")).as(service.name() + " advertises itself")
                        .isEqualTo(service.name() + ":" + program.grpcPort());
            }
        }
    }

    @Test
    void theTieCatchesARenamedPropertyABadValueAndASecretTheProgramRefuses() {
        Map<String, String> environment = new LinkedHashMap<>(compose.service("c1-s1").environment());
        environment.put("SNS_SERVER_CLUSTER_NUMBER", environment.remove("SNS_SERVER_CLUSTER_ID"));
        assertThat(ProgramSettings.of(SnsProgram.TIMELINE_SERVER).configure(environment, List.of()).problems(Set.of()))
                .anySatisfy(problem -> assertThat(problem).contains("SNS_SERVER_CLUSTER_NUMBER names no property"));

        environment = new LinkedHashMap<>(compose.service("c1-s1").environment());
        environment.put("SNS_SERVER_SERVER_ID", "two");
        assertThat(ProgramSettings.of(SnsProgram.TIMELINE_SERVER).configure(environment, List.of()).problems(Set.of()))
                .anySatisfy(problem -> assertThat(problem).contains("sns.server.server-id"));

        environment = new LinkedHashMap<>(compose.service("c1-s1").environment());
        environment.put("SNS_SECURITY_TOKEN_SECRET", "too-short");
        assertThat(ProgramSettings.of(SnsProgram.TIMELINE_SERVER).configure(environment, List.of()).problems(Set.of()))
                .anySatisfy(problem -> assertThat(problem).contains("at least 32 bytes"));

        assertThat(ProgramSettings.of(SnsProgram.COORDINATOR)
                .configure(Map.of(), List.of("--sns.coordinator.cluster-count=2")).problems(Set.of()))
                .anySatisfy(problem -> assertThat(problem).contains("--sns.coordinator.cluster-count=2"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void prometheusScrapesEveryNodeOnItsActuatorPrometheusEndpoint() throws IOException {
        Map<String, Object> config = new Yaml().load(Files.readString(Repository.file("ops/prometheus/prometheus.yml")));
        Set<String> scraped = new HashSet<>();
        for (Map<String, Object> job : (List<Map<String, Object>>) config.get("scrape_configs")) {
            String path = (String) job.getOrDefault("metrics_path", "/metrics");
            for (Map<String, Object> group : (List<Map<String, Object>>) job.get("static_configs")) {
                for (String target : (List<String>) group.get("targets")) {
                    String[] hostPort = target.split(":");
                    ConfiguredProgram program = configure(compose.service(hostPort[0]));
                    assertThat(Integer.parseInt(hostPort[1])).as(target).isEqualTo(program.httpPort());
                    assertThat(program.actuatorPaths()).as(target).contains(path);
                    scraped.add(hostPort[0]);
                }
            }
        }
        assertThat(scraped).containsExactlyInAnyOrderElementsOf(snsServices().stream()
                .filter(service -> service.program().orElseThrow() != SnsProgram.CLI).map(ComposeFile.Service::name).toList());
    }

    @Test
    void promtoolAcceptsThePrometheusConfig() {
        assumeTrue(Repository.hasCommand("promtool"), "promtool is not installed (Debian package prometheus)");
        Command.run(List.of("promtool", "check", "config", "ops/prometheus/prometheus.yml"), Duration.ofSeconds(60))
                .requireSuccess("promtool check config");
    }

    @Test
    void dockerComposeAcceptsTheFile() {
        assumeTrue(Repository.hasCommand("docker-compose"), "docker-compose is not installed");
        Command.run(List.of("docker-compose", "-f", "docker-compose.yml", "--profile", "cli", "--profile", "observability",
                "config", "-q"), Duration.ofSeconds(60)).requireSuccess("docker-compose config");
    }

    private boolean pointsAt(String address, SnsProgram program) {
        String[] hostPort = address.split(":");
        ComposeFile.Service target = compose.services().get(hostPort[0]);
        return target != null && target.program().orElse(null) == program
                && configure(target).grpcPort() == Integer.parseInt(hostPort[1]);
    }

    private List<ComposeFile.Service> snsServices() {
        return compose.services().values().stream().filter(service -> service.program().isPresent()).toList();
    }

    private List<ComposeFile.Service> servicesOf(SnsProgram program) {
        return snsServices().stream().filter(service -> service.program().orElseThrow() == program).toList();
    }

    private static ConfiguredProgram configure(ComposeFile.Service service) {
        List<String> arguments = service.command().stream().filter(argument -> argument.startsWith("--")).toList();
        return ProgramSettings.of(service.program().orElseThrow()).configure(service.environment(), arguments);
    }
}
