package sns.timeline.config;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Replication ({@code sns.replication.*}).
 *
 * @param minInSync           the smallest confirmed in-sync set with which a master accepts writes
 * @param antiEntropyInterval how often a bounded Subscribe to a random live server runs
 * @param antiEntropyDeadline the longest an anti-entropy round may take, so one that hangs on a
 *                            connection that never completes ends anyway (the next round resumes)
 * @param ackTimeout          how long a write waits for an in-sync slave before proposing its removal
 * @param deadlineCheckInterval how often waiting writes are checked against the ack timeout, their
 *                            commit timeout and the lease (the granularity of those deadlines)
 * @param batchesInFlight   how many batches a subscriber requests ahead of the one it applies (the
 *                            writer commits those that arrived meanwhile in one synced group)
 * @param reconnectInterval   how often wanted subscriptions are checked and re-opened
 * @param keepAliveTime       how long a connection to another server (or the coordinator) may be silent
 *                            before this server pings it (gRPC raises anything under 10s to 10s)
 * @param keepAliveTimeout    how long a ping may go unanswered before the connection, and every
 *                            stream on it, is closed as dead (a half-open connection never resets)
 */
@Validated
@ConfigurationProperties("sns.replication")
public record ReplicationProperties(
        @DefaultValue("0") @Min(0) int minInSync,
        @DefaultValue("5s") @NotNull Duration antiEntropyInterval,
        @DefaultValue("30s") @NotNull Duration antiEntropyDeadline,
        @DefaultValue("500ms") @NotNull Duration ackTimeout,
        @DefaultValue("50ms") @NotNull Duration deadlineCheckInterval,
        @DefaultValue("200ms") @NotNull Duration reconnectInterval,
        @DefaultValue("8") @Min(1) int batchesInFlight,
        @DefaultValue("10s") @NotNull Duration keepAliveTime,
        @DefaultValue("5s") @NotNull Duration keepAliveTimeout) {}
