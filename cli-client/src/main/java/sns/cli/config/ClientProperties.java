package sns.cli.config;

import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Client settings ({@code sns.client.*}).
 *
 * @param retryDeadline   how long a call keeps retrying before giving up: the first retry goes at once, later
 *                        ones after jittered exponential backoff from retryBackoff up to retryMaxBackoff
 * @param retryBackoff    the second retry's delay (then doubling, jittered)
 * @param retryMaxBackoff the longest delay between retries
 * @param refreshInterval how often the client asks the coordinator for its server
 * @param sessionFile     where login survives between runs of the command (none: only in memory)
 */
@ConfigurationProperties("sns.client")
public record ClientProperties(
        @DefaultValue("10s") Duration retryDeadline,
        @DefaultValue("50ms") Duration retryBackoff,
        @DefaultValue("1s") Duration retryMaxBackoff,
        @DefaultValue("3s") Duration refreshInterval,
        Path sessionFile) {}
