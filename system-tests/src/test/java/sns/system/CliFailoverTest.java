package sns.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * The client in chat mode while its master is killed, or stopped with SIGTERM (a graceful
 * hand-over): it re-attaches to the promoted slave by itself, every post made before, during and
 * after the failover reaches it exactly once, a line typed during the failover is stored exactly
 * once, and the user sees no error.
 */
class CliFailoverTest {

    private static final Duration WAIT = Duration.ofSeconds(40);

    @Test
    void chatModeSurvivesTheKillOfItsMasterUnnoticed() {
        chatModeSurvives("cli-failover", NodeProcess::kill9);
    }

    @Test
    void chatModeSurvivesAGracefulHandoverUnnoticed() {
        chatModeSurvives("cli-handover", NodeProcess::terminate);
    }

    private void chatModeSurvives(String name, Consumer<NodeProcess> fault) {
        try (SnsSystem sns = new SnsSystem(name, 1)) {
            NodeProcess master = sns.startServer(1, 1).awaitReady();
            sns.awaitMaster(master, 1);
            NodeProcess slave = sns.startServer(1, 2).awaitReady();
            await().atMost(WAIT).until(() -> sns.inSyncServerIds(1).equals(List.of(2)));
            Path watcher = sns.workDir().resolve("watcher.session");
            Path poster = sns.workDir().resolve("poster.session");
            String coordinator = sns.coordinator.address();
            CliProcess.run(coordinator, watcher, "register", "watcher", "--password", "pw");
            CliProcess.run(coordinator, poster, "register", "poster", "--password", "pw");
            CliProcess.run(coordinator, watcher, "follow", "poster");
            CliProcess.run(coordinator, poster, "follow", "watcher");

            try (CliProcess chat = CliProcess.interactive(coordinator, watcher)) {
                chat.type("timeline");
                chat.awaitOutput("(timeline of watcher", WAIT);
                assertThat(CliProcess.run(coordinator, poster, "post", "before the failover").exitCode()).isZero();
                chat.awaitOutput("poster: before the failover", WAIT);

                fault.accept(master);
                chat.type("typed during the failover");
                assertThat(CliProcess.run(coordinator, poster, "post", "during the failover").exitCode()).isZero();
                chat.awaitOutput("(reconnected to " + slave.address(), WAIT);
                assertThat(CliProcess.run(coordinator, poster, "post", "after the failover").exitCode()).isZero();

                chat.awaitOutput("poster: after the failover", WAIT);
                chat.awaitOutput("you: typed during the failover", WAIT);
                String seen = chat.stdout();
                assertThat(occurrences(seen, "poster: before the failover")).isEqualTo(1);
                assertThat(occurrences(seen, "poster: during the failover")).isEqualTo(1);
                assertThat(occurrences(seen, "poster: after the failover")).isEqualTo(1);
                assertThat(seen).doesNotContain("error:");
                assertThat(chat.isAlive()).isTrue();
                chat.type("exit");
                chat.awaitOutput("(left the timeline)", WAIT);
            }
            Path export = sns.workDir().resolve("poster-export");
            assertThat(CliProcess.run(coordinator, poster, "export", export.toString()).exitCode()).isZero();
            String posts = readString(export.resolve("posts"));
            assertThat(occurrences(posts, "W typed during the failover\n")).isEqualTo(1);
        }
    }

    private static String readString(Path file) {
        try {
            return java.nio.file.Files.readString(file);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static int occurrences(String haystack, String needle) {
        int count = 0;
        for (int at = haystack.indexOf(needle); at >= 0; at = haystack.indexOf(needle, at + 1)) {
            count++;
        }
        return count;
    }
}
