package sns.timeline.store;

import java.util.Map;
import java.util.function.Supplier;

/**
 * Reads of committed state whose version vector comes from the single writer's copy, kept in
 * step with every commit, instead of a scan of the versions column: the publishers, the acks
 * and the in-sync tracker ask for it on every batch.
 */
final class CommittedView extends StateView {

    private final Supplier<Map<String, Long>> versions;

    CommittedView(RocksStore rocks, Supplier<Map<String, Long>> versions) {
        super(rocks, null);
        this.versions = versions;
    }

    @Override
    public long highestContiguousSeq(String originUid) {
        return versions.get().getOrDefault(originUid, 0L);
    }

    @Override
    public Map<String, Long> versionVector() {
        return versions.get();
    }
}
