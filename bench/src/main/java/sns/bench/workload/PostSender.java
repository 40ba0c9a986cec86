package sns.bench.workload;

import com.google.protobuf.ByteString;
import io.grpc.Status;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import sns.api.v1.PostRequest;
import sns.bench.load.OutcomeObserver;
import sns.bench.load.Sender;

/** Sends each post as a random user to its home master (async unary Post, as the CLI's post does). */
public final class PostSender implements Sender {

    private final List<BenchUser> authors;
    private final int phase;
    private final int textSize;

    public PostSender(List<BenchUser> authors, int phase, int textSize) {
        this.authors = authors;
        this.phase = phase;
        this.textSize = textSize;
    }

    @Override
    public void send(long n, long intendedStartNanos, Consumer<Status.Code> done) {
        BenchUser author = authors.get(ThreadLocalRandom.current().nextInt(authors.size()));
        String text = PostText.of(new PostText.Stamp(phase, n, intendedStartNanos, author.cluster()), textSize);
        PostRequest request = PostRequest.newBuilder().setText(text).setIdempotencyKey(key()).build();
        author.async().withDeadlineAfter(10, TimeUnit.SECONDS).post(request, new OutcomeObserver<>(done));
    }

    /** 128 random bits; ThreadLocalRandom because a shared SecureRandom would serialise the senders. */
    private static ByteString key() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return ByteString.copyFrom(ByteBuffer.allocate(16).putLong(random.nextLong()).putLong(random.nextLong()).flip());
    }
}
