package sns.cli.config;

import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Client settings ({@code sns.client.*}).
 *
 * @param retryDeadline   how long a call keeps retrying (3 retries, jittered exponential backoff) before giving up
 * @param refreshInterval how often the client asks the coordinator for its server
 * @param sessionFile     where login survives between runs of the command (none: only in memory)
 */
@ConfigurationProperties("sns.client")
public record ClientProperties(
        @DefaultValue("10s") Duration retryDeadline,
        @DefaultValue("3s") Duration refreshInterval,
        Path sessionFile) {}
