package sns.timeline.config;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Clock sanity ({@code sns.hlc.*}).
 *
 * @param maxSkew a server whose wall clock is further than this from the coordinator's is not ready
 */
@Validated
@ConfigurationProperties("sns.hlc")
public record HlcProperties(@DefaultValue("250ms") @NotNull Duration maxSkew) {}
