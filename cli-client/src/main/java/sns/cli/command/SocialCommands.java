package sns.cli.command;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.springframework.shell.standard.ShellComponent;
import org.springframework.shell.standard.ShellMethod;
import org.springframework.shell.standard.ShellOption;
import sns.api.v1.ExportRequest;
import sns.api.v1.FollowRequest;
import sns.api.v1.ListRequest;
import sns.api.v1.ListResponse;
import sns.api.v1.Post;
import sns.api.v1.PostRequest;
import sns.api.v1.UnfollowRequest;
import sns.cli.connection.CliException;
import sns.cli.connection.IdempotencyKeys;
import sns.cli.connection.ServerConnection;

/** follow, unfollow, list, post, export. */
@ShellComponent
public class SocialCommands {

    private final ServerConnection server;

    public SocialCommands(ServerConnection server) {
        this.server = server;
    }

    @ShellMethod(key = "follow", value = "Follow a user.", group = "Social")
    public String follow(@ShellOption(valueProvider = UsernameValues.class) String username) {
        FollowRequest request = FollowRequest.newBuilder().setUsername(username).setIdempotencyKey(IdempotencyKeys.newKey())
                .build();
        server.authenticated(stub -> stub.follow(request));
        return "following " + username;
    }

    @ShellMethod(key = "unfollow", value = "Stop following a user.", group = "Social")
    public String unfollow(@ShellOption(valueProvider = UsernameValues.class) String username) {
        UnfollowRequest request = UnfollowRequest.newBuilder().setUsername(username)
                .setIdempotencyKey(IdempotencyKeys.newKey()).build();
        server.authenticated(stub -> stub.unfollow(request));
        return "no longer following " + username;
    }

    @ShellMethod(key = "list", value = "All users, your followers and whom you follow.", group = "Social")
    public String list() {
        ListResponse lists = server.authenticated(stub -> stub.list(ListRequest.getDefaultInstance()));
        return "all users: " + String.join(", ", lists.getAllUsersList()) + "\n"
                + "followers: " + String.join(", ", lists.getFollowersList()) + "\n"
                + "following: " + String.join(", ", lists.getFollowingList());
    }

    @ShellMethod(key = "post", value = "Publish a post (quote it if it has spaces).", group = "Social")
    public String post(@ShellOption(arity = Integer.MAX_VALUE) String[] words) {
        PostRequest request = PostRequest.newBuilder().setText(String.join(" ", words))
                .setIdempotencyKey(IdempotencyKeys.newKey()).build();
        Post post = server.authenticated(stub -> stub.post(request)).getPost();
        return "posted " + post.getPostId().substring(0, 8) + " at " + Instant.ofEpochMilli(post.getPostedAtMillis());
    }

    @ShellMethod(key = "export", value = "Write the seed's userinfo and posts files into a directory.",
            group = "Social")
    public String export(String directory) {
        var export = server.authenticated(stub -> stub.export(ExportRequest.getDefaultInstance()));
        Path dir = Path.of(directory);
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("userinfo"), export.getUserinfo());
            Files.writeString(dir.resolve("posts"), export.getPosts());
        } catch (IOException e) {
            throw new CliException("cannot write " + dir + ": " + e.getMessage());
        }
        return "wrote " + dir.resolve("userinfo") + " and " + dir.resolve("posts");
    }
}
