package sns.timeline.config;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Who this timeline server is ({@code sns.server.*}).
 *
 * @param clusterId         its cluster, 1..N
 * @param serverId          its id within the cluster, >= 1
 * @param advertisedAddress host:port others dial; default localhost:${grpc.server.port}
 * @param dataDir           parent of its RocksDB folder c{cluster}-s{server}
 * @param localAddress      the local address its outgoing connections come from (none: the
 *                          operating system's choice); the fault tests give each server its own
 *                          loopback address, so that a firewall rule can tell its traffic apart
 */
@Validated
@ConfigurationProperties("sns.server")
public record ServerProperties(
        @DefaultValue("1") @Min(1) int clusterId,
        @DefaultValue("1") @Min(1) int serverId,
        @NotBlank String advertisedAddress,
        @DefaultValue("./data") Path dataDir,
        String localAddress) {

    public Path storeDirectory() {
        return dataDir.resolve("c" + clusterId + "-s" + serverId);
    }
}
