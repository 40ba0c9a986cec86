package sns.timeline.api;

import sns.api.v1.Post;
import sns.timeline.social.TimelinePost;

/** Domain values to wire messages. */
final class ProtoViews {

    private ProtoViews() {}

    static Post post(TimelinePost post) {
        return Post.newBuilder()
                .setPostId(post.postId())
                .setAuthor(post.author())
                .setText(post.text())
                .setHlc(post.hlc())
                .setPostedAtMillis(post.postedAtMillis())
                .build();
    }
}
