package sns.cli.config;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/** Where the coordinator is ({@code sns.coordinator.address}, env SNS_COORDINATOR_ADDRESS). */
@ConfigurationProperties("sns.coordinator")
public record CoordinatorAddress(@DefaultValue("localhost:9000") String address) {}
