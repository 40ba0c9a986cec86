package sns.timeline.config;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Timeline streams and writes ({@code sns.timeline.*}).
 *
 * @param lookBack          how far before a resume cursor the replay starts (>= 2 x anti-entropy interval)
 * @param maxQueuedMessages a stream with this many unsent messages is cut off (RESOURCE_EXHAUSTED)
 * @param commitTimeout     how long a write waits for its synced commit before answering "unknown outcome"
 * @param warmupRounds      client calls (Post, List, Timeline) sent to itself at start-up, refused and
 *                          harmless, so a promoted slave's first client is not slowed by a cold path; 0: none
 * @param blockingCallThreads threads for the gRPC calls that block (register and login hash with BCrypt,
 *                          follow and unfollow wait for their write, export and digest scan); every
 *                          other handler runs on gRPC's transport threads
 */
@Validated
@ConfigurationProperties("sns.timeline")
public record TimelineProperties(
        @DefaultValue("10s") @NotNull Duration lookBack,
        @DefaultValue("1000") @Min(50) int maxQueuedMessages,
        @DefaultValue("5s") @NotNull Duration commitTimeout,
        @DefaultValue("5") @Min(0) int warmupRounds,
        @DefaultValue("8") @Min(1) int blockingCallThreads) {}
