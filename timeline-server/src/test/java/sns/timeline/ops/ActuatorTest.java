package sns.timeline.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import sns.timeline.role.HeartbeatLoop;
import sns.timeline.testing.Clients;
import sns.timeline.testing.ClusterTest;
import sns.timeline.testing.LocalCluster;
import sns.timeline.testing.LocalCluster.ServerNode;

/** Readiness follows registration; info and metrics describe the server. */
class ActuatorTest extends ClusterTest {

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void readinessInfoAndMetricsDescribeTheServer() throws Exception {
        cluster = new LocalCluster(data, 1);
        cluster.stopCoordinator();
        ServerNode server = cluster.start(1, 1);
        String base = "http://localhost:" + server.actuatorPort() + "/actuator";

        assertThat(get(base + "/health/readiness").statusCode()).as("not registered yet").isEqualTo(503);
        assertThat(get(base + "/health/liveness").statusCode()).isEqualTo(200);

        await().atMost(Duration.ofSeconds(20)).until(() -> server.bean(HeartbeatLoop.class).failedHeartbeats() > 0);
        cluster.startCoordinator();
        await().atMost(Duration.ofSeconds(20)).until(() -> get(base + "/health/readiness").statusCode() == 200);
        cluster.awaitMaster(server);
        Clients.post(server, Clients.signUp(server, "metered"), "counted");

        assertThat(get(base + "/info").body()).contains("\"cluster\":1", "\"role\":\"MASTER\"", "\"epoch\":1");
        assertThat(get(base + "/prometheus").body())
                .containsPattern("sns_timeline_posts_accepted_total\\{[^}]*} 1\\.0")
                .contains("sns_timeline_streams_open", "sns_timeline_write_latency_seconds_count",
                        "sns_timeline_master{", "sns_replication_in_sync_size", "sns_replication_outbox_depth",
                        "sns_replication_anti_entropy_rounds_total", "sns_timeline_events_committed_total")
                .containsPattern("sns_timeline_heartbeats_total\\{[^}]*outcome=\"answered\"[^}]*} [1-9]")
                .containsPattern("sns_timeline_heartbeats_total\\{[^}]*outcome=\"failed\"[^}]*} [1-9]")
                .containsPattern("sns_timeline_role_changes_total\\{[^}]*} [1-9]");
    }

    private HttpResponse<String> get(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
