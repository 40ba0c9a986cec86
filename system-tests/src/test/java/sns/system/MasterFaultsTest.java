package sns.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.ByteString;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * One cluster of two servers as real processes. Whatever happens to the master (SIGKILL right
 * after an acknowledgement, SIGSTOP past its lease and SIGCONT), every acknowledged post is on
 * the promoted slave, exactly once.
 */
class MasterFaultsTest {

    @Test
    void anAcknowledgedPostSurvivesKillNineOfItsMasterRightAfterTheAcknowledgement() {
        try (SnsSystem sns = new SnsSystem("kill9", 1)) {
            NodeProcess master = sns.startServer(1, 1).awaitReady();
            sns.awaitMaster(master, 1);
            NodeProcess slave = sns.startServer(1, 2).awaitReady();
            SocialClient author = new SocialClient(sns.channel(master.address())).register("author");
            new SocialClient(sns.channel(master.address())).register("reader").follow("author");

            List<String> acknowledged = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                String text = "acknowledged " + i;
                author.postUntilAcknowledged(text);
                acknowledged.add(text);
            }
            master.kill9();

            sns.awaitMaster(slave, 1);
            String exported = new SocialClient(sns.channel(slave.address())).login("reader").exportedPosts();
            for (String text : acknowledged) {
                assertThat(CliFailoverTest.occurrences(exported, "W " + text + "\n")).as(text).isEqualTo(1);
            }
        }
    }

    @Test
    void aPausedMasterAcknowledgesNothingAfterItWasSuperseded() throws InterruptedException {
        try (SnsSystem sns = new SnsSystem("sigstop", 1)) {
            NodeProcess master = sns.startServer(1, 1).awaitReady();
            sns.awaitMaster(master, 1);
            NodeProcess slave = sns.startServer(1, 2).awaitReady();
            SocialClient author = new SocialClient(sns.channel(master.address())).register("author");
            new SocialClient(sns.channel(master.address())).register("reader").follow("author");

            List<String> acknowledgedByOldMaster = Collections.synchronizedList(new ArrayList<>());
            AtomicInteger refusedAfterResume = new AtomicInteger();
            AtomicBoolean resumed = new AtomicBoolean();
            Thread writer = new Thread(() -> {
                long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                for (int i = 0; System.nanoTime() < deadline && refusedAfterResume.get() < 20; i++) {
                    String text = "to the old master " + i;
                    ByteString key = SocialClient.newKey();
                    try {
                        author.post(text, key);
                        acknowledgedByOldMaster.add(text);
                    } catch (StatusRuntimeException e) {
                        if (resumed.get()) {
                            refusedAfterResume.incrementAndGet();
                        }
                    }
                }
            }, "writer");
            writer.start();
            await().atMost(Duration.ofSeconds(30)).until(() -> acknowledgedByOldMaster.size() >= 10);

            master.pause();
            sns.awaitMaster(slave, 1);
            master.resume();
            resumed.set(true);
            writer.join(Duration.ofSeconds(90).toMillis());

            assertThat(refusedAfterResume.get()).as("the old master refuses writes once it wakes").isEqualTo(20);
            String exported = new SocialClient(sns.channel(slave.address())).login("reader").exportedPosts();
            for (String text : List.copyOf(acknowledgedByOldMaster)) {
                assertThat(CliFailoverTest.occurrences(exported, "W " + text + "\n")).as(text).isEqualTo(1);
            }
        }
    }

}
