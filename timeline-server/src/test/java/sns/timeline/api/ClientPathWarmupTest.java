package sns.timeline.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import sns.timeline.auth.TokenService;
import sns.timeline.store.EventStore;
import sns.timeline.testing.OneServerTest;

/** The start-up warm-up reaches the real client path and is refused before it can write. */
class ClientPathWarmupTest extends OneServerTest {

    private static final int DEFAULT_ROUNDS = 5;
    private static final String REFUSED = "UNAVAILABLE your account has not reached this server yet; try again shortly";

    @BeforeAll
    static void start() {
        startServer();
    }

    @Test
    void startUpCallsWentThroughTheServerAndWereAllRefusedAsAnUnknownUser() throws Exception {
        Map<String, Integer> answers = server.bean(ClientPathWarmup.class).finished().get(30, TimeUnit.SECONDS);

        assertThat(answers).containsExactly(Map.entry(REFUSED, 3 * DEFAULT_ROUNDS));
    }

    @Test
    void warmingAMasterWritesNothing() throws Exception {
        EventStore store = server.bean(EventStore.class);
        Map<String, Long> before = store.committed().versionVector();
        int port = Integer.parseInt(server.address().substring(server.address().lastIndexOf(':') + 1));

        Map<String, Integer> answers = new ClientPathWarmup(server.bean(TokenService.class), 2)
                .warmInBackground("localhost", port).get(30, TimeUnit.SECONDS);

        assertThat(server.role().leaseValid()).isTrue();
        assertThat(answers).containsExactly(Map.entry(REFUSED, 6));
        assertThat(store.committed().versionVector()).isEqualTo(before);
    }
}
