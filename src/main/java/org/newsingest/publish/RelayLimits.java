package org.newsingest.publish;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.validation.constraints.Min;

/** How much one relay batch may hold in memory; the relay's other keys are in config.IngestConfig.Relay. */
@ConfigMapping(prefix = "ingest.relay")
public interface RelayLimits {

    /**
     * {@code ingest.relay.max-batch-bytes}: payload bytes one claim may load, on top of
     * {@code ingest.relay.batch-size} rows. The first row of a claim is taken however large, so no
     * row is stuck; a batch then holds at most this plus one row. With the producer's own buffer
     * it bounds the relay's heap (docs/reliability.md).
     */
    @WithDefault("8388608")
    @Min(1)
    long maxBatchBytes();
}
