package sns.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import sns.system.CliProcess.Result;

/** The shell client as a user runs it: each command's output and exit status, and chat mode. */
class CliTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    static SnsSystem sns;
    static NodeProcess server;

    @BeforeAll
    static void start() {
        sns = new SnsSystem("cli", 1);
        server = sns.startServer(1, 1).awaitReady();
        sns.awaitMaster(server, 1);
    }

    @AfterAll
    static void stop() {
        sns.close();
    }

    private static Result cli(Path session, String... command) {
        return CliProcess.run(sns.coordinator.address(), session, command);
    }

    @Test
    void everyCommandPrintsItsResultAndSucceeds() throws Exception {
        Path ann = sns.workDir().resolve("ann.session");
        Path ben = sns.workDir().resolve("ben.session");

        assertThat(cli(ann, "register", "ann", "--password", "pw")).satisfies(ok("registered ann; logged in as ann"));
        assertThat(cli(ben, "register", "ben", "--password", "pw")).satisfies(ok("registered ben"));
        assertThat(cli(ann, "follow", "ben")).satisfies(ok("following ben"));
        assertThat(cli(ben, "post", "hello from ben")).satisfies(ok("posted "));
        assertThat(cli(ann, "list")).satisfies(ok("followers: \nfollowing: ben"));
        assertThat(cli(ann, "list").stdout()).containsPattern("all users: .*ann, ben");
        assertThat(cli(ann, "whoami")).satisfies(ok("user   ann"));
        assertThat(cli(ann, "status").stdout()).contains("server " + server.address(), "MASTER at epoch 1");
        assertThat(cli(ann, "coord", "ls", "/clusters/1")).satisfies(ok("epoch\nin-sync\nmaster\nservers"));
        assertThat(cli(ann, "coord", "cat", "/clusters/1/master")).satisfies(ok("server=1 address=" + server.address()));
        assertThat(cli(ann, "coord", "tree", "/clusters").stdout()).contains("└── 1", "master  server=1");
        Path exportDir = sns.workDir().resolve("ann-export");
        assertThat(cli(ann, "export", exportDir.toString())).satisfies(ok("wrote "));
        assertThat(Files.readString(exportDir.resolve("posts"))).contains("U ben\nW hello from ben\n");
        assertThat(Files.readString(exportDir.resolve("userinfo"))).contains("user ann", "follow ann ben ");
        assertThat(cli(ann, "unfollow", "ben")).satisfies(ok("no longer following ben"));
        assertThat(cli(ann, "logout")).satisfies(ok("logged out ann"));
        assertThat(cli(ann, "login", "ann", "--password", "pw")).satisfies(ok("logged in as ann"));
    }

    @Test
    void failuresPrintOneClearLineOnStderrAndExitNonZero() {
        Path cleo = sns.workDir().resolve("cleo.session");
        cli(cleo, "register", "cleo", "--password", "pw");

        assertFails(cli(cleo, "follow", "nobody_here"), "error: no user named nobody_here");
        assertFails(cli(cleo, "follow", "cleo"), "error: you cannot follow yourself");
        assertFails(cli(cleo, "unfollow", "cleo"), "error: you do not follow cleo");
        assertFails(cli(cleo, "register", "cleo", "--password", "pw"), "error: username 'cleo' is already taken");
        assertFails(cli(cleo, "register", "bad name", "--password", "pw"), "error: username must be");
        assertFails(cli(cleo, "login", "cleo", "--password", "wrong"), "error: wrong username or password");
        assertFails(cli(cleo, "coord", "cat", "/nowhere"), "error: no node at '/nowhere'");
        Path nobody = sns.workDir().resolve("nobody.session");
        assertFails(cli(nobody, "post", "hi"), "error: log in first");

        assertUsageError(cli(nobody, "frobnicate"), "error: unknown command 'frobnicate'");
        assertUsageError(cli(nobody, "coord", "bogus"), "error: unknown command 'coord bogus' (coord has: cat, ls, tree)");
        assertUsageError(cli(nobody, "follow"), "error: Missing mandatory option '--username'");
        assertUsageError(cli(nobody, "login", "cleo", "--bogus", "x"), "error: Unrecognised option '--bogus'");
        assertUsageError(cli(nobody, "help", "frobnicate"), "error: Unknown command 'frobnicate'");
    }

    @Test
    void chatModeShowsLivePostsPostsTypedLinesAndReturnsToThePrompt() {
        Path dora = sns.workDir().resolve("dora.session");
        Path eli = sns.workDir().resolve("eli.session");
        cli(dora, "register", "dora", "--password", "pw");
        cli(eli, "register", "eli", "--password", "pw");
        cli(dora, "follow", "eli");
        cli(eli, "follow", "dora");
        cli(eli, "post", "before dora opened her timeline");

        try (CliProcess shell = CliProcess.interactive(sns.coordinator.address(), dora)) {
            shell.type("timeline");
            shell.awaitOutput("(timeline of dora", WAIT);
            shell.awaitOutput("eli: before dora opened her timeline", WAIT);

            assertThat(cli(eli, "post", "live while dora watches").exitCode()).isZero();
            shell.awaitOutput("eli: live while dora watches", WAIT);

            shell.type("typed in chat mode");
            shell.awaitOutput("you: typed in chat mode", WAIT);
            shell.type("exit");
            shell.awaitOutput("(left the timeline)", WAIT);
            shell.type("whoami");
            shell.awaitOutput("user   dora", WAIT);
        }
        Path exportDir = sns.workDir().resolve("eli-export");
        cli(eli, "export", exportDir.toString());
        assertThat(CliProcess.run(sns.coordinator.address(), eli, "export", exportDir.toString()).exitCode()).isZero();
    }

    private static java.util.function.Consumer<Result> ok(String expected) {
        return result -> {
            assertThat(result.exitCode()).as(result.stderr()).isZero();
            assertThat(result.stdout()).contains(expected);
        };
    }

    /** The command ran and failed: exit status 1 and one clear line on stderr. */
    private static void assertFails(Result result, String message) {
        assertOneErrorLine(result, 1, message);
    }

    /** The command line was wrong: exit status 2, one clear line on stderr, nothing on stdout. */
    private static void assertUsageError(Result result, String message) {
        assertOneErrorLine(result, 2, message);
        assertThat(result.stdout()).as("stdout").isBlank();
    }

    private static void assertOneErrorLine(Result result, int exitCode, String message) {
        assertThat(result.exitCode()).as(result.stdout()).isEqualTo(exitCode);
        assertThat(result.stderr().strip()).startsWith(message);
        assertThat(result.stderr().lines().count()).as(result.stderr()).isEqualTo(1);
        assertThat(result.stderr()).doesNotContain("Exception");
    }
}
