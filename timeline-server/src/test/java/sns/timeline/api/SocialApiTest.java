package sns.timeline.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static sns.timeline.testing.Clients.PASSWORD;
import static sns.timeline.testing.Clients.anonymous;
import static sns.timeline.testing.Clients.as;
import static sns.timeline.testing.Clients.follow;
import static sns.timeline.testing.Clients.key;
import static sns.timeline.testing.Clients.post;
import static sns.timeline.testing.Clients.signUp;

import com.google.protobuf.ByteString;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import sns.api.v1.ExportRequest;
import sns.api.v1.FollowRequest;
import sns.api.v1.ListRequest;
import sns.api.v1.ListResponse;
import sns.api.v1.LoginRequest;
import sns.api.v1.PostRequest;
import sns.api.v1.RegisterRequest;
import sns.api.v1.RegisterResponse;
import sns.api.v1.UnfollowRequest;
import sns.timeline.auth.TokenService;
import sns.timeline.config.SecurityProperties;
import sns.timeline.testing.OneServerTest;

/** Every Social RPC's success path and error statuses, against a real coordinator and server. */
class SocialApiTest extends OneServerTest {

    @BeforeAll
    static void start() {
        startServer();
    }

    @Test
    void registerIsIdempotentByKeyAndRefusesATakenName() {
        String alice = name("alice");
        ByteString key = key();
        RegisterRequest request = RegisterRequest.newBuilder().setUsername(alice).setPassword(PASSWORD)
                .setIdempotencyKey(key).build();

        RegisterResponse first = anonymous(server).register(request);
        RegisterResponse retry = anonymous(server).register(request);

        assertThat(retry).isEqualTo(first);
        assertStatus(() -> anonymous(server).register(request.toBuilder().setIdempotencyKey(key()).build()),
                Status.Code.ALREADY_EXISTS, "username '" + alice + "' is already taken");
    }

    @Test
    void registerValidatesItsInput() {
        for (String bad : new String[] {"", "has space", "dash-ed", "x".repeat(33), "émile"}) {
            assertStatus(() -> anonymous(server).register(RegisterRequest.newBuilder().setUsername(bad)
                    .setPassword(PASSWORD).setIdempotencyKey(key()).build()), Status.Code.INVALID_ARGUMENT,
                    "username must be 1-32 letters");
        }
        assertStatus(() -> anonymous(server).register(RegisterRequest.newBuilder().setUsername(name("nokey"))
                .setPassword(PASSWORD).build()), Status.Code.INVALID_ARGUMENT, "16-byte idempotency key");
        assertStatus(() -> anonymous(server).register(RegisterRequest.newBuilder().setUsername(name("nopw"))
                .setIdempotencyKey(key()).build()), Status.Code.INVALID_ARGUMENT, "password");
        assertThat(anonymous(server).login(login(signUpName())).getToken()).isNotEmpty();
    }

    @Test
    void aHugeNameIsQuotedByAShortPrefixSoAStockClientSeesInvalidArgument() {
        String huge = "n".repeat(10_000);
        String token = signUp(server, name("quoted"));

        assertShortInvalidArgument(() -> anonymous(server).register(RegisterRequest.newBuilder().setUsername(huge)
                .setPassword(PASSWORD).setIdempotencyKey(key()).build()), "username must be 1-32 letters");
        assertShortInvalidArgument(() -> as(server, token).follow(FollowRequest.newBuilder().setUsername(huge)
                .setIdempotencyKey(key()).build()), "username must be 1-32 letters");
        assertShortInvalidArgument(() -> as(server, token).unfollow(UnfollowRequest.newBuilder().setUsername(huge)
                .setIdempotencyKey(key()).build()), "username must be 1-32 letters");
        assertStatus(() -> anonymous(server).login(LoginRequest.newBuilder().setUsername(huge).setPassword(PASSWORD)
                .build()), Status.Code.UNAUTHENTICATED, "wrong username or password");
    }

    @Test
    void loginChecksThePassword() {
        String bob = name("bob");
        signUp(server, bob);

        assertThat(anonymous(server).login(login(bob)).getUserId()).isNotEmpty();
        assertStatus(() -> anonymous(server).login(LoginRequest.newBuilder().setUsername(bob).setPassword("wrong")
                .build()), Status.Code.UNAUTHENTICATED, "wrong username or password");
        assertStatus(() -> anonymous(server).login(login(name("nobody"))), Status.Code.UNAUTHENTICATED,
                "wrong username or password");
    }

    @Test
    void followUnfollowAndListTrackTheRelationship() {
        String carol = name("carol");
        String dave = name("dave");
        String carolToken = signUp(server, carol);
        String daveToken = signUp(server, dave);

        follow(server, carolToken, dave);
        ListResponse carolsView = as(server, carolToken).list(ListRequest.getDefaultInstance());
        ListResponse davesView = as(server, daveToken).list(ListRequest.getDefaultInstance());
        assertThat(carolsView.getAllUsersList()).contains(carol, dave);
        assertThat(carolsView.getFollowingList()).containsExactly(dave);
        assertThat(davesView.getFollowersList()).containsExactly(carol);

        as(server, carolToken).unfollow(UnfollowRequest.newBuilder().setUsername(dave).setIdempotencyKey(key())
                .build());
        assertThat(as(server, carolToken).list(ListRequest.getDefaultInstance()).getFollowingList()).isEmpty();
        assertThat(as(server, daveToken).list(ListRequest.getDefaultInstance()).getFollowersList()).isEmpty();
    }

    @Test
    void followAndUnfollowRefuseWhatCannotBeDoneAndARetryIsNeverAnError() {
        String erin = name("erin");
        String frank = name("frank");
        String token = signUp(server, erin);
        signUp(server, frank);

        assertStatus(() -> follow(server, token, erin), Status.Code.INVALID_ARGUMENT, "cannot follow yourself");
        assertStatus(() -> follow(server, token, name("ghost")), Status.Code.NOT_FOUND, "no user named");
        assertStatus(() -> as(server, token).unfollow(UnfollowRequest.newBuilder().setUsername(frank)
                .setIdempotencyKey(key()).build()), Status.Code.FAILED_PRECONDITION, "you do not follow " + frank);

        FollowRequest follow = FollowRequest.newBuilder().setUsername(frank).setIdempotencyKey(key()).build();
        long followedAt = as(server, token).follow(follow).getFollowedAtMillis();
        assertThat(as(server, token).follow(follow).getFollowedAtMillis()).as("retry").isEqualTo(followedAt);
        assertStatus(() -> follow(server, token, frank), Status.Code.ALREADY_EXISTS, "already follow " + frank);

        UnfollowRequest unfollow = UnfollowRequest.newBuilder().setUsername(frank).setIdempotencyKey(key()).build();
        as(server, token).unfollow(unfollow);
        as(server, token).unfollow(unfollow);
        assertThat(as(server, token).list(ListRequest.getDefaultInstance()).getFollowingList()).isEmpty();
    }

    @Test
    void postStoresTrimmedTextAndARetryReturnsTheOriginal() {
        String token = signUp(server, name("gina"));
        PostRequest request = PostRequest.newBuilder().setText("  hello\nworld  ").setIdempotencyKey(key()).build();

        var first = as(server, token).post(request).getPost();
        var retry = as(server, token).post(request).getPost();

        assertThat(first.getText()).isEqualTo("hello\nworld");
        assertThat(retry).isEqualTo(first);
        assertThat(first.getPostId()).hasSize(32);
        assertThat(first.getPostedAtMillis()).isCloseTo(System.currentTimeMillis(), org.assertj.core.data.Offset.offset(60_000L));
    }

    @Test
    void badPostsAreRefusedAndStoreNothing() {
        String author = name("hank");
        String token = signUp(server, author);
        String reader = signUp(server, name("ivy"));
        follow(server, reader, author);

        assertStatus(() -> post(server, token, "   "), Status.Code.INVALID_ARGUMENT, "cannot be empty");
        assertStatus(() -> post(server, token, "x".repeat(501)), Status.Code.INVALID_ARGUMENT, "at most 500");
        assertStatus(() -> post(server, token, "bell\u0007"), Status.Code.INVALID_ARGUMENT, "control characters");
        assertThat(post(server, token, "y".repeat(500)).getText()).hasSize(500);

        String export = as(server, reader).export(ExportRequest.getDefaultInstance()).getPosts();
        assertThat(export).contains("W " + "y".repeat(500)).doesNotContain("bell").doesNotContain("x".repeat(501));
    }

    @Test
    void messagesOverSixtyFourKibibytesAreRefused() {
        String token = signUp(server, name("jack"));
        String huge = "z".repeat(70 * 1024);
        assertStatus(() -> post(server, token, huge), Status.Code.RESOURCE_EXHAUSTED, "");
    }

    @Test
    void callsWithoutAValidTokenAreUnauthenticated() {
        String kim = name("kim");
        signUp(server, kim);
        TokenService otherSecret = new TokenService("another-secret-that-is-long-enough-0123456789".getBytes(
                StandardCharsets.UTF_8), Duration.ofHours(1), InstantSource.system());
        TokenService sameSecretLongAgo = new TokenService(SecurityProperties.DEV_TOKEN_SECRET.getBytes(
                StandardCharsets.UTF_8), Duration.ofMinutes(1), InstantSource.fixed(Instant.parse("2020-01-01T00:00:00Z")));
        String userId = anonymous(server).login(login(kim)).getUserId();

        assertStatus(() -> anonymous(server).list(ListRequest.getDefaultInstance()), Status.Code.UNAUTHENTICATED,
                "log in first");
        assertStatus(() -> as(server, "not-a-jwt").list(ListRequest.getDefaultInstance()),
                Status.Code.UNAUTHENTICATED, "token is malformed");
        assertStatus(() -> as(server, otherSecret.issue(userId, kim).token()).list(ListRequest.getDefaultInstance()),
                Status.Code.UNAUTHENTICATED, "signature is invalid");
        assertStatus(() -> as(server, sameSecretLongAgo.issue(userId, kim).token())
                .list(ListRequest.getDefaultInstance()), Status.Code.UNAUTHENTICATED, "expired");
    }

    @Test
    void aTokenOfAUserWhoLostAConcurrentRegistrationOfItsNameIsRefused() throws Exception {
        String name = name("contested");
        String loserToken = signUp(server, name);
        var store = server.bean(sns.timeline.store.EventStore.class);
        var mine = store.committed().userByName(name).orElseThrow();
        sns.api.v1.Event earlierAtAnotherCluster = sns.api.v1.Event.newBuilder()
                .setOriginUid("another-cluster-server").setSeq(1).setHlc(mine.getHlc() - 1)
                .setIdempotencyKey(key())
                .setUserRegistered(sns.api.v1.UserRegistered.newBuilder().setUserId("winner-" + name)
                        .setUsername(name).setPasswordHash("irrelevant"))
                .build();

        store.write(tx -> tx.apply(earlierAtAnotherCluster)).get(5, java.util.concurrent.TimeUnit.SECONDS);

        assertStatus(() -> as(server, loserToken).list(ListRequest.getDefaultInstance()), Status.Code.UNAUTHENTICATED,
                "name taken by a concurrent registration");
        assertThatThrownBy(() -> as(server, loserToken).list(ListRequest.getDefaultInstance()))
                .isInstanceOfSatisfying(StatusRuntimeException.class,
                        e -> assertThat(GrpcErrors.reasonOf(e)).isEqualTo("name-taken"));
    }

    @Test
    void identityComesOnlyFromTheToken() {
        String lea = name("lea");
        String max = name("max");
        String leaToken = signUp(server, lea);
        String maxToken = signUp(server, max);
        String target = name("ned");
        signUp(server, target);

        follow(server, leaToken, target);

        assertThat(as(server, leaToken).list(ListRequest.getDefaultInstance()).getFollowingList())
                .containsExactly(target);
        assertThat(as(server, maxToken).list(ListRequest.getDefaultInstance()).getFollowingList()).isEmpty();
        assertThat(post(server, maxToken, "mine").getAuthor()).isEqualTo(max);
    }

    @Test
    void exportWritesTheSeedFormatsWithoutPasswordHashes() {
        String olga = name("olga");
        String pete = name("pete");
        String olgaToken = signUp(server, olga);
        String peteToken = signUp(server, pete);
        follow(server, olgaToken, pete);
        post(server, peteToken, "first line\nsecond line");

        var export = as(server, olgaToken).export(ExportRequest.getDefaultInstance());

        assertThat(export.getUserinfo()).contains("user " + olga + "\n", "user " + pete + "\n")
                .containsPattern("follow " + olga + " " + pete + " \\d{4}-\\d\\d-\\d\\dT")
                .doesNotContain("$2a$");
        assertThat(export.getPosts()).containsPattern("T \\d{4}-.*\nU " + pete + "\nW first line\nW second line\n\n");
    }

    private static String signUpName() {
        String name = name("quinn");
        signUp(server, name);
        return name;
    }

    private static LoginRequest login(String username) {
        return LoginRequest.newBuilder().setUsername(username).setPassword(PASSWORD).build();
    }

    private static void assertShortInvalidArgument(Runnable call, String messagePart) {
        assertThatThrownBy(call::run)
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
                    assertThat(e.getStatus().getDescription()).contains(messagePart, "nnnn…").hasSizeLessThan(200);
                });
    }

    static void assertStatus(Runnable call, Status.Code code, String messagePart) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
            assertThat(e.getStatus().getCode()).isEqualTo(code);
            assertThat(String.valueOf(e.getStatus().getDescription())).contains(messagePart);
        });
    }
}
