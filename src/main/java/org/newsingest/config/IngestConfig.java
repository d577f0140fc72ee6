package org.newsingest.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every {@code ingest.*} setting of the service, with its default. Each key can also be set as an
 * environment variable in Quarkus naming ({@code ingest.fetch.user-agent} is
 * {@code INGEST_FETCH_USER_AGENT}); the README's configuration table lists them all.
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

    Poll poll();

    Relay relay();

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

        /** {@code ingest.fetch.per-host-concurrency}: simultaneous requests to one host. */
        @WithDefault("2")
        @Min(1)
        int perHostConcurrency();

        /** {@code ingest.fetch.per-host-spacing}: minimum time between two request starts to one host. */
        @WithDefault("PT1S")
        Duration perHostSpacing();

        /**
         * {@code ingest.fetch.retry-after-max}: the longest Retry-After (429/503) honoured; longer
         * requests are cut to this.
         */
        @WithDefault("PT24H")
        Duration retryAfterMax();
    }

    interface Poll {
        /** {@code ingest.poll.default-interval}: poll interval of a feed that sets none. */
        @WithDefault("PT15M")
        Duration defaultInterval();

        /** {@code ingest.poll.min-interval}: no feed is polled more often than this. */
        @WithDefault("PT1M")
        Duration minInterval();

        /** {@code ingest.poll.max-interval}: no healthy feed waits longer than this. */
        @WithDefault("PT6H")
        Duration maxInterval();

        /** {@code ingest.poll.tick}: how often the scheduler looks for due feeds. */
        @WithDefault("5s")
        String tick();

        /** {@code ingest.poll.concurrency}: feeds polled at once by one instance. */
        @WithDefault("4")
        @Min(1)
        int concurrency();

        /** {@code ingest.poll.lease}: how long a claimed feed stays reserved for the claiming instance. */
        @WithDefault("PT5M")
        Duration lease();

        /** {@code ingest.poll.failing-after}: consecutive failures after which a feed is {@code failing}. */
        @WithDefault("5")
        @Min(1)
        int failingAfter();

        /** {@code ingest.poll.max-backoff}: longest wait after failures or a Retry-After. */
        @WithDefault("PT24H")
        Duration maxBackoff();

        /** {@code ingest.poll.jitter}: random fraction added to every interval, so feeds never poll in bursts. */
        @WithDefault("0.1")
        double jitter();

        /** {@code ingest.poll.fetch-history}: fetches kept per feed for {@code GET /feeds/{id}/fetches}. */
        @WithDefault("50")
        @Min(1)
        int fetchHistory();

        /**
         * {@code ingest.poll.store-timeout}: seconds one document's store transaction may take (read
         * by {@code @TransactionConfiguration} on {@code PollRecorder.recordDocument}, hence whole
         * seconds). A document that runs past it is rolled back and recorded as the feed's failure.
         * 30 s is far above a capped document's store time (tens of ms) and well below the lease.
         */
        @WithDefault("30")
        @Min(1)
        int storeTimeout();
    }

    interface Relay {
        /** {@code ingest.relay.tick}: how often the relay looks for unsent events. */
        @WithDefault("1s")
        String tick();

        /** {@code ingest.relay.batch-size}: outbox rows claimed per round. */
        @WithDefault("500")
        @Min(1)
        int batchSize();

        /**
         * {@code ingest.relay.lease}: how long claimed rows stay reserved before another instance may
         * send them. Must exceed {@code max.block.ms + delivery.timeout.ms} + 5 s (checked at start-up).
         */
        @WithDefault("PT3M")
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
        String backlogTick();
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
