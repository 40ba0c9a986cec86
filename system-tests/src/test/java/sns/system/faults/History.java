package sns.system.faults;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Every operation the workload made, in the order the outcomes were known. */
public final class History {

    private final List<Op> ops = new CopyOnWriteArrayList<>();

    public void record(Op op) {
        ops.add(op);
    }

    public List<Op> ops() {
        return List.copyOf(ops);
    }

    public int size() {
        return ops.size();
    }

    public long okCount() {
        return ops.stream().filter(Op::ok).count();
    }

    public Path writeTo(Path file) {
        try {
            Files.createDirectories(file.getParent());
            Files.write(file, ops.stream().map(Op::toString).toList());
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
