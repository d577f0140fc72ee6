package org.newsingest.api;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import jakarta.validation.constraints.Min;
import java.time.Duration;
import java.util.Optional;

/** {@code ingest.api-read.*}: what keeps API reads cheap and, when wanted, closed. */
@ConfigMapping(prefix = "ingest.api-read")
public interface ApiReadConfig {

    /**
     * {@code ingest.api-read.key} ({@code INGEST_API_READ_KEY}): when set, {@code GET /api/v1/*}
     * needs {@code Authorization: Bearer <read key or INGEST_API_KEY>}. Unset: reads are open.
     */
    Optional<String> key();

    /** {@code ingest.api-read.concurrency}: reads of one kind (items, feeds, topics, ...) that may run at once. */
    @WithDefault("4")
    @Min(1)
    int concurrency();

    /** {@code ingest.api-read.wait}: how long a read waits for its turn before it is refused with 503. */
    @WithName("wait")
    @WithDefault("PT1S")
    Duration waitForTurn();

    /** {@code ingest.api-read.statement-timeout}: the longest one SQL statement of a read may run; then 503. */
    @WithDefault("PT5S")
    Duration statementTimeout();

    /** {@code ingest.api-read.topic-counts-refresh}: how often the item counts of {@code GET /api/v1/topics} are recounted. */
    @WithDefault("PT60S")
    Duration topicCountsRefresh();
}
