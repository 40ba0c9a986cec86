package sns.coordinator.config;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;
import sns.coordinator.liveness.Timing;

/**
 * Settings of the coordinator ({@code sns.coordinator.*}).
 *
 * @param clusters          number of clusters N; cluster ids are 1..N
 * @param heartbeatInterval how often servers heartbeat
 * @param missedHeartbeats  a server is dead after this many intervals without a heartbeat
 * @param leaseFraction     master lease as a fraction of the death timeout (must stay below 1)
 * @param clientIdleTimeout a client id that has not called GetServer for this long is forgotten
 * @param maxClients        client ids the directory holds at most; GetUniqueClientId past it is
 *                          RESOURCE_EXHAUSTED until idle ones expire
 */
@Validated
@ConfigurationProperties("sns.coordinator")
public record CoordinatorProperties(
        @DefaultValue("3") @Min(1) @Max(1000) int clusters,
        @DefaultValue("100ms") @NotNull Duration heartbeatInterval,
        @DefaultValue("6") @Min(2) @Max(100) int missedHeartbeats,
        @DefaultValue("0.9") @DecimalMin("0.1") @DecimalMax("0.95") double leaseFraction,
        @DefaultValue("24h") @NotNull Duration clientIdleTimeout,
        @DefaultValue("100000") @Min(1) int maxClients) {

    public Timing timing() {
        return new Timing(heartbeatInterval, missedHeartbeats, leaseFraction);
    }
}
