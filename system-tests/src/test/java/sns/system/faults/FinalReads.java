package sns.system.faults;

import static org.awaitility.Awaitility.await;

import io.grpc.Metadata;
import io.grpc.stub.MetadataUtils;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import sns.api.v1.DigestRequest;
import sns.api.v1.ExportRequest;
import sns.api.v1.ListRequest;
import sns.api.v1.ReplicationGrpc;
import sns.api.v1.SocialGrpc;
import sns.system.NodeProcess;
import sns.system.SnsSystem;

/** After the faults have healed: waits until every server has the same Digest, then reads every server's state. */
final class FinalReads {

    private static final Duration CONVERGENCE_LIMIT = Duration.ofSeconds(120);

    private final SnsSystem sns;
    private final List<NodeProcess> servers;

    FinalReads(SnsSystem sns, List<NodeProcess> servers) {
        this.sns = sns;
        this.servers = servers;
    }

    /** Milliseconds from now until every server's digest was equal (polled every 100 ms). */
    long awaitEqualDigests() {
        long start = System.nanoTime();
        await().atMost(CONVERGENCE_LIMIT).pollInterval(Duration.ofMillis(100)).ignoreExceptions()
                .until(() -> servers.stream().map(this::digest).distinct().count() == 1);
        return Duration.ofNanos(System.nanoTime() - start).toMillis();
    }

    List<ServerRead> read(Map<String, String> tokens, String auditorToken) {
        return servers.stream().map(server -> read(server, tokens, auditorToken)).toList();
    }

    private ServerRead read(NodeProcess server, Map<String, String> tokens, String auditorToken) {
        Map<String, Integer> posts = new HashMap<>();
        social(server, auditorToken).export(ExportRequest.getDefaultInstance()).getPosts().lines()
                .filter(line -> line.startsWith("W "))
                .forEach(line -> posts.merge(line.substring(2), 1, Integer::sum));
        Set<String> edges = new HashSet<>();
        tokens.forEach((user, token) -> social(server, token).list(ListRequest.getDefaultInstance())
                .getFollowingList().forEach(followee -> edges.add(ServerRead.edge(user, followee))));
        Set<String> users = new HashSet<>(social(server, auditorToken).list(ListRequest.getDefaultInstance())
                .getAllUsersList());
        return new ServerRead(server.name(), posts, edges, users);
    }

    private String digest(NodeProcess server) {
        Metadata secret = new Metadata();
        secret.put(Metadata.Key.of("x-sns-cluster-secret", Metadata.ASCII_STRING_MARSHALLER), sns.clusterSecret());
        return ReplicationGrpc.newBlockingStub(sns.channel(server.address())).withDeadlineAfter(5, TimeUnit.SECONDS)
                .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(secret))
                .digest(DigestRequest.getDefaultInstance()).getSha256();
    }

    private SocialGrpc.SocialBlockingStub social(NodeProcess server, String token) {
        Metadata auth = new Metadata();
        auth.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + token);
        return SocialGrpc.newBlockingStub(sns.channel(server.address())).withDeadlineAfter(10, TimeUnit.SECONDS)
                .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(auth));
    }
}
