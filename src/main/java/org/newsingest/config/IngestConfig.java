package org.newsingest.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code ingest.*} settings shared across stages, and the groups not yet moved next to their
 * stage; a stage's own settings live beside it (schedule.PollConfig, tag.TaxonomyConfig,
 * extract.ExtractConfig, ...). Each key can also be set as an environment
 * variable in Quarkus naming ({@code ingest.fetch.user-agent} is {@code INGEST_FETCH_USER_AGENT});
 * docs/configuration.md lists them all (config.ConfigurationDocsTest keeps it so).
 */
@ConfigMapping(prefix = "ingest")
public interface IngestConfig {

    /** {@code ingest.kafka-topic}: the topic item events are published to. */
    @WithName("kafka-topic")
    @WithDefault("news.items")
    String kafkaTopic();

    /** {@code ingest.feeds-file}: an OPML or YAML feed list synced at start; replaces the bundled list. */
    @WithName("feeds-file")
    Optional<String> feedsFile();

    /** {@code ingest.api-key}: bearer token required for {@code /api/v1} writes. */
    @WithName("api-key")
    Optional<String> apiKey();

    /**
     * {@code ingest.api-writes-without-key}: whether writes are accepted when no API key is set.
     * False in production, so an unconfigured service is read-only rather than open.
     */
    @WithName("api-writes-without-key")
    @WithDefault("false")
    boolean apiWritesWithoutKey();

    Fetch fetch();

    Relay relay();

    Routing routing();

    Stories stories();

    interface Fetch {
        /** {@code ingest.fetch.user-agent}: identifies us to publishers, with a contact URL. */
        @WithDefault("news-ingest/0.1 (+https://github.com/news-ingest/news-ingest)")
        String userAgent();

        /** {@code ingest.fetch.allow-private-networks}: allow feeds on loopback and private addresses. */
        @WithDefault("false")
        boolean allowPrivateNetworks();

        /** {@code ingest.fetch.allow-list}: CIDRs and host names that may be fetched although private. */
        Optional<List<String>> allowList();

        /** {@code ingest.fetch.connect-timeout}: TCP and TLS connect timeout. */
        @WithDefault("PT10S")
        Duration connectTimeout();

        /** {@code ingest.fetch.timeout}: deadline for a whole fetch, body included. */
        @WithDefault("PT30S")
        Duration timeout();

        /** {@code ingest.fetch.max-body-bytes}: largest (decompressed) body accepted. */
        @WithDefault("10485760")
        @Min(1024)
        long maxBodyBytes();

        /** {@code ingest.fetch.max-redirects}: redirect hops followed before giving up. */
        @WithDefault("5")
        @Min(0)
        @Max(20)
        int maxRedirects();

        /**
         * {@code ingest.fetch.per-host-concurrency}: simultaneous polls of one host, cluster-wide
         * (the claim counts the host's live leases on every replica) and per process.
         */
        @WithDefault("2")
        @Min(1)
        int perHostConcurrency();

        /**
         * {@code ingest.fetch.per-host-spacing}: minimum time between two request starts to one
         * host, cluster-wide (start slots reserved in {@code poll_host}) and per process.
         */
        @WithDefault("PT1S")
        Duration perHostSpacing();

        /**
         * {@code ingest.fetch.retry-after-max}: the longest Retry-After (429/503) honoured; longer
         * requests are cut to this.
         */
        @WithDefault("PT24H")
        Duration retryAfterMax();
    }

    interface Relay {
        /** {@code ingest.relay.tick}: how often the relay looks for unsent events. */
        @WithDefault("1s")
        Duration tick();

        /** {@code ingest.relay.batch-size}: outbox rows claimed per round. */
        @WithDefault("500")
        @Min(1)
        int batchSize();

        /**
         * {@code ingest.relay.lease}: how long claimed rows stay reserved before another instance may
         * send them. The relay renews the lease of a batch still in flight every third of it, so a
         * short lease costs one UPDATE per 10 s of waiting and a crashed instance's rows are sent
         * again (same ce_id) within about this long. It must be longer than the producer's
         * {@code max.block.ms} plus 5 s, so a renewal never waits out a blocked send (checked at
         * start-up by {@code publish.ProducerSettings}).
         */
        @WithDefault("PT30S")
        Duration lease();

        /** {@code ingest.relay.max-backoff}: longest wait between attempts at one row that failed on its own. */
        @WithDefault("PT5M")
        Duration maxBackoff();

        /**
         * {@code ingest.relay.max-pause}: longest pause of the whole relay after Kafka could not be
         * reached (doubling from one second), so an outage is retried calmly but recovery is quick.
         */
        @WithDefault("PT30S")
        Duration maxPause();

        /**
         * {@code ingest.relay.unreachable-threshold}: readiness goes DOWN once the relay has had
         * events to send but no acknowledgement from Kafka for this long. Polling goes on regardless.
         */
        @WithDefault("PT2M")
        Duration unreachableThreshold();

        /** {@code ingest.relay.backlog-tick}: how often the backlog gauges (size, age, dead rows) are refreshed. */
        @WithDefault("15s")
        Duration backlogTick();

        /**
         * {@code ingest.relay.retention}: how long sent outbox rows are kept before they are pruned.
         * Replays rebuild events from the item store, so the rows only serve inspection and the
         * duplicate check of a late acknowledgement. docs/reliability.md sizes the table this keeps.
         */
        @WithDefault("P7D")
        Duration retention();

        /** {@code ingest.relay.retention-tick}: how often sent rows older than the retention are pruned. */
        @WithDefault("10m")
        Duration retentionTick();

        /**
         * {@code ingest.relay.shutdown-grace}: on SIGTERM, how long the relay waits for the
         * acknowledgements of its batch in flight before it releases the rows for another replica.
         * Well below Kubernetes' 30 s termination grace, leaving time for the rest of the shutdown.
         */
        @WithDefault("PT10S")
        Duration shutdownGrace();

        /**
         * {@code ingest.relay.replay-chunk}: items a replay queues per transaction. A chunk is queued
         * only when the replay's previous chunk has mostly been sent, so a replay of millions of
         * items never holds one long transaction nor floods the outbox ahead of new events.
         */
        @WithDefault("500")
        @Min(1)
        int replayChunk();
    }

    interface Routing {
        /**
         * {@code ingest.routing.routes}: extra Kafka topics per topic id, as one string that also
         * works as one environment variable: {@code geo:UA=news.ukraine;iptc:sport=news.sport,news.all-sport}.
         * An event whose topic ids include a routed id is also sent to those topics, with the same key
         * and ce_id. Empty by default: every event goes to {@code ingest.kafka-topic} only.
         */
        Optional<String> routes();
    }

    Security security();

    Metrics metrics();

    interface Security {
        /**
         * {@code ingest.security.require-tls}: refuse to start when Kafka is reached without TLS
         * ({@code kafka.security.protocol} other than {@code SSL}/{@code SASL_SSL}) or the JDBC URL
         * lacks {@code sslmode=require|verify-ca|verify-full}. Off by default because local runs and
         * tests use plaintext engines on loopback; the production overlay turns it on.
         */
        @WithDefault("false")
        boolean requireTls();
    }

    interface Metrics {
        /**
         * {@code ingest.metrics.feed-state-tick}: how often the {@code ingest_feeds{state}} gauge is
         * recounted (feed.FeedStateGauges' schedule reads the key). One grouped query over the feed
         * table; half a minute keeps it current for dashboards without a query per scrape.
         */
        @WithDefault("30s")
        Duration feedStateTick();
    }

    /** {@code ingest.topics.*}: which topics reach the {@code news_topics} header, and retagging. */
    Topics topics();

    interface Topics {
        /**
         * {@code ingest.topics.min-score}: topics scoring at least this go into the
         * {@code news_topics} header (the event body keeps all, with their scores). 0.3 lets one
         * early mention of a place through and keeps a passing mention at the end of a long text out;
         * it is where the evaluation set's micro-F1 peaks (docs/topics.md).
         */
        @WithDefault("0.3")
        @DecimalMin("0")
        @DecimalMax("1")
        double minScore();

        /**
         * {@code ingest.topics.retag-chunk}: items recomputed per transaction by {@code POST /api/v1/retag},
         * small enough that a chunk's row locks and outbox rows stay short-lived.
         */
        @WithDefault("200")
        @Min(1)
        int retagChunk();
    }

    interface Stories {
        /**
         * {@code ingest.stories.url-rules.<name>.*}: URL shapes whose numeric id names a story
         * whatever the host, e.g. RFE/RL's article ids, allocated from one sequence for all its
         * sites. The default rule {@code rferl} is set in application.properties (a map of groups
         * has no annotation default); add rules under other names, or empty its hosts to drop it.
         */
        Map<String, UrlRule> urlRules();

        /**
         * {@code ingest.stories.churn-threshold}: entries of one document arriving under a new GUID
         * with a canonical URL the feed already has (or one GUID for different links) before the
         * feed is switched to URL identity. 2, so one republished entry does not switch a feed, but
         * a CMS that re-issues its GUIDs does at its first poll.
         */
        @WithDefault("2")
        @Min(1)
        int churnThreshold();
    }

    interface UrlRule {
        /**
         * Hosts the rule applies to: a domain matches itself and every subdomain ({@code rferl.org}
         * matches {@code www.rferl.org}); a leading {@code *.} is accepted and means the same.
         */
        List<String> hosts();

        /** Regular expression the whole URL path must match, with a named group {@code id}. */
        String path();

        /** The story key's prefix ({@code <prefix>:<id>}); the rule's name when unset. */
        Optional<String> prefix();
    }
}
