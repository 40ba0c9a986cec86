package sns.timeline.replication;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import sns.api.v1.DigestResponse;
import sns.api.v1.Event;
import sns.timeline.store.StateView;

/**
 * A SHA-256 over the canonical state: users by name (the winning registration), current follow
 * edges by (follower, followee) and posts by id, each with the fields every server must agree on.
 * Converged servers have equal digests whatever order their events arrived in.
 */
final class StateDigest {

    private StateDigest() {}

    static DigestResponse of(StateView state) {
        MessageDigest sha = sha256();
        List<Event> users = state.usersByName();
        for (Event user : users) {
            var u = user.getUserRegistered();
            line(sha, "user", u.getUsername(), u.getUserId(), u.getPasswordHash(), Long.toString(user.getHlc()));
        }
        List<Event> edges = state.allFollowEdges();
        for (Event edge : edges) {
            var f = edge.getFollowed();
            line(sha, "follow", f.getFollowerId(), f.getFolloweeId(), Long.toString(edge.getHlc()));
        }
        List<Event> posts = state.allPosts();
        for (Event post : posts) {
            var p = post.getPosted();
            line(sha, "post", p.getPostId(), p.getAuthorId(), p.getText(), Long.toString(post.getHlc()));
        }
        return DigestResponse.newBuilder()
                .setSha256(HexFormat.of().formatHex(sha.digest()))
                .setUsers(users.size())
                .setFollowEdges(edges.size())
                .setPosts(posts.size())
                .setApplied(VersionVectors.toProto(state.versionVector()))
                .build();
    }

    private static void line(MessageDigest sha, String... fields) {
        for (String field : fields) {
            sha.update(field.getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
        }
        sha.update((byte) '\n');
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
