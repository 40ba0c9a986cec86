package sns.timeline.config;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Secrets ({@code sns.security.*}): one value for all clusters, each at least 32 bytes.
 *
 * @param tokenSecret   signs users' tokens (HS256)
 * @param clusterSecret authenticates server-to-server calls
 * @param tokenTtl      how long a token is valid
 * @param verifiedTokenCacheSize how many verified tokens are remembered (until their expiry)
 */
@Validated
@ConfigurationProperties("sns.security")
public record SecurityProperties(
        @DefaultValue(DEV_TOKEN_SECRET) String tokenSecret,
        @DefaultValue(DEV_CLUSTER_SECRET) String clusterSecret,
        @DefaultValue("12h") @NotNull Duration tokenTtl,
        @DefaultValue("100000") @Min(1) long verifiedTokenCacheSize) {

    public static final String DEV_TOKEN_SECRET = "dev-only-token-secret-change-me-0123456789";
    public static final String DEV_CLUSTER_SECRET = "dev-only-cluster-secret-change-me-0123456789";

    public SecurityProperties {
        requireLength("sns.security.token-secret", tokenSecret);
        requireLength("sns.security.cluster-secret", clusterSecret);
        if (tokenSecret.equals(clusterSecret)) {
            throw new IllegalArgumentException("sns.security.token-secret and cluster-secret must differ");
        }
    }

    public boolean usesDevelopmentSecrets() {
        return DEV_TOKEN_SECRET.equals(tokenSecret) || DEV_CLUSTER_SECRET.equals(clusterSecret);
    }

    private static void requireLength(String name, String secret) {
        if (secret == null || secret.getBytes(StandardCharsets.UTF_8).length < 32) {
            throw new IllegalArgumentException(name + " must be at least 32 bytes");
        }
    }
}
