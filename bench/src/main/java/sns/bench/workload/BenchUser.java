package sns.bench.workload;

import io.grpc.Metadata;
import io.grpc.stub.MetadataUtils;
import sns.api.v1.SocialGrpc;

/** A signed-up bench user: name, home cluster, and async and blocking stubs carrying its token. */
public record BenchUser(int index, String name, int cluster, SocialGrpc.SocialStub async,
                        SocialGrpc.SocialBlockingStub blocking) {

    public static BenchUser of(int index, String name, int cluster, String token, Masters masters) {
        var bearer = MetadataUtils.newAttachHeadersInterceptor(bearer(token));
        var channel = masters.channel(cluster, index);
        return new BenchUser(index, name, cluster, SocialGrpc.newStub(channel).withInterceptors(bearer),
                SocialGrpc.newBlockingStub(channel).withInterceptors(bearer));
    }

    public static Metadata bearer(String token) {
        Metadata headers = new Metadata();
        headers.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + token);
        return headers;
    }
}
