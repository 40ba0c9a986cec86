package sns.timeline.api;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import java.util.Set;
import sns.api.v1.SocialGrpc;
import sns.timeline.auth.InvalidTokenException;
import sns.timeline.auth.VerifiedTokenCache;
import sns.timeline.auth.VerifiedToken;

/**
 * Verifies the bearer token of every Social call except Register and Login and puts the verified
 * token in the call's context. Identity never comes from a request field.
 */
public final class AuthInterceptor implements ServerInterceptor {

    static final Context.Key<VerifiedToken> TOKEN = Context.key("sns-verified-token");
    static final Metadata.Key<String> AUTHORIZATION =
            Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
    static final String BEARER = "Bearer ";
    private static final Set<String> OPEN_METHODS = Set.of(
            SocialGrpc.getRegisterMethod().getFullMethodName(),
            SocialGrpc.getLoginMethod().getFullMethodName());

    private final VerifiedTokenCache tokens;

    public AuthInterceptor(VerifiedTokenCache tokens) {
        this.tokens = tokens;
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                                                      ServerCallHandler<Q, R> next) {
        if (OPEN_METHODS.contains(call.getMethodDescriptor().getFullMethodName())) {
            return next.startCall(call, headers);
        }
        String authorization = headers.get(AUTHORIZATION);
        if (authorization == null || !authorization.startsWith(BEARER)) {
            return refuse(call, "log in first: this call needs an 'authorization: Bearer <token>' header");
        }
        try {
            VerifiedToken token = tokens.verify(authorization.substring(BEARER.length()).trim());
            return Contexts.interceptCall(Context.current().withValue(TOKEN, token), call, headers, next);
        } catch (InvalidTokenException e) {
            return refuse(call, e.getMessage() + "; log in again");
        }
    }

    private static <Q, R> ServerCall.Listener<Q> refuse(ServerCall<Q, R> call, String why) {
        call.close(Status.UNAUTHENTICATED.withDescription(why), new Metadata());
        return new ServerCall.Listener<>() {};
    }
}
