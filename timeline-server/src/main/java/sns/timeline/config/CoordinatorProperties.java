package sns.timeline.config;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How to reach the coordinator ({@code sns.coordinator.*}).
 *
 * @param address           host:port of its gRPC endpoint
 * @param heartbeatInterval used until the coordinator's first answer says otherwise
 */
@Validated
@ConfigurationProperties("sns.coordinator")
public record CoordinatorProperties(
        @DefaultValue("localhost:9000") @NotBlank String address,
        @DefaultValue("100ms") @NotNull Duration heartbeatInterval) {}
