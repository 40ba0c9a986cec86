package sns.timeline.config;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The graceful hand-over of a stopping master ({@code sns.handover.*}).
 *
 * @param drainTimeout   how long admitted client writes may take to answer before the hand-over goes on
 * @param catchUpTimeout how long to wait for an in-sync slave to hold everything this server
 *                       committed (every in-sync slave holds every acknowledged write anyway)
 * @param callDeadline   deadline of the HandOver call to the coordinator
 */
@Validated
@ConfigurationProperties("sns.handover")
public record HandoverProperties(
        @DefaultValue("2s") @NotNull Duration drainTimeout,
        @DefaultValue("2s") @NotNull Duration catchUpTimeout,
        @DefaultValue("1s") @NotNull Duration callDeadline) {}
