package sns.coordinator.config;

import java.nio.charset.StandardCharsets;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Secrets the coordinator checks ({@code sns.security.*}).
 *
 * @param clusterSecret what every server-only call (Heartbeat) must present; the same value as the
 *                      timeline servers' {@code sns.security.cluster-secret}, at least 32 bytes. The
 *                      development default is the timeline server's, so a local system works
 *                      without settings, and it is announced with a loud warning.
 */
@Validated
@ConfigurationProperties("sns.security")
public record SecurityProperties(@DefaultValue(DEV_CLUSTER_SECRET) String clusterSecret) {

    public static final String DEV_CLUSTER_SECRET = "dev-only-cluster-secret-change-me-0123456789";

    public SecurityProperties {
        if (clusterSecret == null || clusterSecret.getBytes(StandardCharsets.UTF_8).length < 32) {
            throw new IllegalArgumentException("sns.security.cluster-secret must be at least 32 bytes");
        }
    }

    public boolean usesDevelopmentSecret() {
        return DEV_CLUSTER_SECRET.equals(clusterSecret);
    }
}
