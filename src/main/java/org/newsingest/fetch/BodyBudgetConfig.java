package org.newsingest.fetch;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.validation.constraints.Min;
import java.time.Duration;

/** {@code ingest.fetch.*} keys of the {@link BodyBudget}: how many body bytes may be fetched and parsed at once. */
@ConfigMapping(prefix = "ingest.fetch")
public interface BodyBudgetConfig {

    /**
     * {@code ingest.fetch.max-bytes-in-flight}: body bytes (decompressed) that all polls of this
     * instance may hold at once, from the first byte read until the document is stored. A document
     * keeps several times its size while it is parsed (docs/reliability.md), so this bounds the heap
     * that bodies can take. A single body larger than the budget still proceeds, alone.
     */
    @WithDefault("16777216")
    @Min(1024 * 1024)
    long maxBytesInFlight();

    /**
     * {@code ingest.fetch.budget-wait}: how long a fetch may wait for budget before it fails with
     * {@code timeout}; never longer than the fetch's own deadline ({@code ingest.fetch.timeout}).
     */
    @WithDefault("PT30S")
    Duration budgetWait();
}
