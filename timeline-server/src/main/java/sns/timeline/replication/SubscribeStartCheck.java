package sns.timeline.replication;

import java.util.Optional;
import java.util.OptionalInt;
import sns.api.v1.SubscribeStart;
import sns.api.v1.SubscriptionKind;

/** What makes a Subscribe start impossible to serve; such a start gets INVALID_ARGUMENT and no stream. */
final class SubscribeStartCheck {

    private SubscribeStartCheck() {}

    /**
     * The problem with the start, if any.
     *
     * @param clusterCount the number of clusters, once a heartbeat answer has told this server
     */
    static Optional<String> problem(SubscribeStart start, OptionalInt clusterCount) {
        if (!start.hasSubscriber()) {
            return Optional.of("the start must name its subscriber");
        }
        int cluster = start.getSubscriber().getClusterId();
        if (cluster < 1 || clusterCount.isPresent() && cluster > clusterCount.getAsInt()) {
            return Optional.of("subscriber cluster " + cluster + " is out of range 1.."
                    + (clusterCount.isPresent() ? clusterCount.getAsInt() : "N"));
        }
        if (start.getSubscriber().getServerId() < 1) {
            return Optional.of("subscriber server id must be at least 1, got " + start.getSubscriber().getServerId());
        }
        if (start.getKind() == SubscriptionKind.SUBSCRIPTION_KIND_UNSPECIFIED
                || start.getKind() == SubscriptionKind.UNRECOGNIZED) {
            return Optional.of("the start must say its kind (slave, cross-cluster or anti-entropy)");
        }
        if (start.getEpochFence() < 0) {
            return Optional.of("the epoch fence must not be negative, got " + start.getEpochFence());
        }
        return Optional.empty();
    }
}
