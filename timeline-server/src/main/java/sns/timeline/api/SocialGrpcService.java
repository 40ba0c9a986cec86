package sns.timeline.api;

import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import net.devh.boot.grpc.server.service.GrpcService;
import sns.api.v1.ExportRequest;
import sns.api.v1.ExportResponse;
import sns.api.v1.FollowRequest;
import sns.api.v1.FollowResponse;
import sns.api.v1.ListRequest;
import sns.api.v1.ListResponse;
import sns.api.v1.LoginRequest;
import sns.api.v1.LoginResponse;
import sns.api.v1.PostRequest;
import sns.api.v1.PostResponse;
import sns.api.v1.RegisterRequest;
import sns.api.v1.RegisterResponse;
import sns.api.v1.SocialGrpc;
import sns.api.v1.TimelineRequest;
import sns.api.v1.TimelineResponse;
import sns.api.v1.UnfollowRequest;
import sns.api.v1.UnfollowResponse;
import sns.timeline.clock.HybridLogicalClock;
import sns.timeline.config.TimelineProperties;
import sns.timeline.export.SeedExport;
import sns.timeline.live.LiveFeed;
import sns.timeline.social.Caller;
import sns.timeline.role.WriteGate;
import sns.timeline.social.SocialService;
import sns.timeline.social.TimelinePost;

/**
 * The Social gRPC service: translate the request, call the domain, translate the answer or error.
 * Handlers run on gRPC's transport threads, except those that block ({@link BlockingCalls}).
 */
@GrpcService(interceptors = {AuthInterceptor.class, ClientMessageLimit.class, EpochHeader.class})
public class SocialGrpcService extends SocialGrpc.SocialImplBase {

    private final SocialService social;
    private final LiveFeed feed;
    private final SeedExport export;
    private final TimelineProperties properties;
    private final BlockingCalls blocking;

    public SocialGrpcService(SocialService social, LiveFeed feed, SeedExport export, TimelineProperties properties,
                             BlockingCalls blocking) {
        this.social = social;
        this.feed = feed;
        this.export = export;
        this.properties = properties;
        this.blocking = blocking;
    }

    @Override
    public void register(RegisterRequest request, StreamObserver<RegisterResponse> observer) {
        respondBlocking(observer, () -> {
            Caller user = social.register(request.getUsername(), request.getPassword(),
                    request.getIdempotencyKey().toByteArray());
            return RegisterResponse.newBuilder().setUserId(user.userId()).setUsername(user.username()).build();
        });
    }

    @Override
    public void login(LoginRequest request, StreamObserver<LoginResponse> observer) {
        respondBlocking(observer, () -> {
            var login = social.login(request.getUsername(), request.getPassword());
            return LoginResponse.newBuilder()
                    .setToken(login.token().token())
                    .setExpiresAtMillis(login.token().expiresAt().toEpochMilli())
                    .setUserId(login.userId())
                    .build();
        });
    }

    @Override
    public void follow(FollowRequest request, StreamObserver<FollowResponse> observer) {
        respondBlocking(observer, () -> {
            long hlc = social.follow(caller(), request.getUsername(), request.getIdempotencyKey().toByteArray());
            return FollowResponse.newBuilder().setFollowedAtMillis(HybridLogicalClock.physicalMillis(hlc)).build();
        });
    }

    @Override
    public void unfollow(UnfollowRequest request, StreamObserver<UnfollowResponse> observer) {
        respondBlocking(observer, () -> {
            social.unfollow(caller(), request.getUsername(), request.getIdempotencyKey().toByteArray());
            return UnfollowResponse.getDefaultInstance();
        });
    }

    @Override
    public void list(ListRequest request, StreamObserver<ListResponse> observer) {
        respond(observer, () -> {
            var lists = social.list(caller());
            return ListResponse.newBuilder()
                    .addAllAllUsers(lists.allUsers())
                    .addAllFollowers(lists.followers())
                    .addAllFollowing(lists.following())
                    .build();
        });
    }

    @Override
    public void post(PostRequest request, StreamObserver<PostResponse> observer) {
        CompletableFuture<TimelinePost> post;
        try {
            post = social.postAsync(caller(), request.getText(), request.getIdempotencyKey().toByteArray());
        } catch (RuntimeException e) {
            observer.onError(GrpcErrors.toStatus(e));
            return;
        }
        post.whenComplete((posted, failure) -> {
            if (failure != null) {
                observer.onError(GrpcErrors.toStatus(WriteGate.unwrap(failure)));
                return;
            }
            observer.onNext(PostResponse.newBuilder().setPost(ProtoViews.post(posted)).build());
            observer.onCompleted();
        });
    }

    @Override
    public StreamObserver<TimelineRequest> timeline(StreamObserver<TimelineResponse> observer) {
        var serverObserver = (ServerCallStreamObserver<TimelineResponse>) observer;
        var token = AuthInterceptor.TOKEN.get();
        return new TimelineCall(serverObserver, social, social, feed, () -> social.authenticate(token),
                properties.maxQueuedMessages(), properties.lookBack());
    }

    @Override
    public void export(ExportRequest request, StreamObserver<ExportResponse> observer) {
        respondBlocking(observer, () -> {
            Caller caller = caller();
            return ExportResponse.newBuilder()
                    .setUserinfo(export.userinfo())
                    .setPosts(export.posts(caller))
                    .build();
        });
    }

    private Caller caller() {
        return social.authenticate(AuthInterceptor.TOKEN.get());
    }

    /** {@link #respond} on a blocking-call thread: for handlers that hash, wait for a write or scan. */
    private <T> void respondBlocking(StreamObserver<T> observer, Supplier<T> handler) {
        blocking.run(observer, () -> respond(observer, handler));
    }

    private static <T> void respond(StreamObserver<T> observer, Supplier<T> handler) {
        T response;
        try {
            response = handler.get();
        } catch (RuntimeException e) {
            observer.onError(GrpcErrors.toStatus(e));
            return;
        }
        observer.onNext(response);
        observer.onCompleted();
    }
}
