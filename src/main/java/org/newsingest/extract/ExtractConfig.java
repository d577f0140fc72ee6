package org.newsingest.extract;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.time.Duration;

/**
 * {@code ingest.extract.*}: fetching each new story's article page for its body (docs/extraction-stage.md).
 * Every key is also an environment variable in Quarkus naming ({@code INGEST_EXTRACT_ENABLED}).
 */
@ConfigMapping(prefix = "ingest.extract")
public interface ExtractConfig {

    /** {@code ingest.extract.enabled}: fetch article pages at all. Off: every story keeps the feed's text, nothing is queued. */
    @WithDefault("true")
    boolean enabled();

    /**
     * {@code ingest.extract.workers}: pages fetched at once on one instance. Fetching waits on the
     * network and extraction takes a few ms of CPU, so a few threads keep up with many feeds.
     */
    @WithDefault("4")
    @Min(1)
    @Max(256)
    int workers();

    /**
     * {@code ingest.extract.queue-size}: pending extractions at most, cluster-wide (rows of
     * {@code item_extraction}). A new story beyond it is recorded {@code skipped} with reason
     * {@code queue_full} and counted in {@code ingest_extract_shed_total}; its created event is not held.
     */
    @WithDefault("10000")
    @Min(1)
    int queueSize();

    /** {@code ingest.extract.max-page-bytes}: the largest (decompressed) page read; a larger one fails with {@code too_large}. */
    @WithDefault("2097152")
    @Min(1024)
    long maxPageBytes();

    /** {@code ingest.extract.page-timeout}: deadline of one page fetch, redirects and body included. */
    @WithDefault("PT15S")
    Duration pageTimeout();

    /**
     * {@code ingest.extract.hold}: how long a new story's {@code created} event waits for its page's
     * body. A body within the hold rides in the {@code created}; a later one is an {@code updated}.
     * {@code PT0S} publishes at once and always updates later.
     */
    @WithDefault("PT10S")
    Duration hold();

    /**
     * {@code ingest.extract.min-feed-body}: characters of {@code contentText} from which the feed is
     * taken to carry the whole article, and its page is not fetched.
     */
    @WithDefault("1500")
    @Min(0)
    int minFeedBody();

    /** {@code ingest.extract.robots-ttl}: how long a host's {@code robots.txt} is trusted before it is fetched again. */
    @WithDefault("PT1H")
    Duration robotsTtl();

    /** {@code ingest.extract.max-body-chars}: the longest body stored and sent; a longer one is cut at a word boundary. */
    @WithDefault("100000")
    @Min(1000)
    int maxBodyChars();

    /** {@code ingest.extract.agent-token}: the product token {@code robots.txt} groups are matched against. */
    @WithDefault("news-ingest")
    String agentToken();

    /**
     * {@code ingest.extract.lease}: how long a claimed extraction stays reserved for its instance; a
     * crashed instance's claims are free again after it.
     */
    @WithDefault("PT2M")
    Duration lease();

    /** {@code ingest.extract.idle-wait}: how often an idle instance looks for extractions queued by other replicas. */
    @WithDefault("PT1S")
    Duration idleWait();
}
