package sns.timeline.config;

import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The store ({@code sns.store.*}).
 *
 * @param maxQueuedWrites client writes that may wait for the single writer at once; one more is
 *                        refused with RESOURCE_EXHAUSTED (default {@value
 *                        sns.timeline.store.EventStore#DEFAULT_MAX_QUEUED_WRITES})
 */
@Validated
@ConfigurationProperties("sns.store")
public record StoreProperties(@DefaultValue("1000") @Min(1) int maxQueuedWrites) {}
