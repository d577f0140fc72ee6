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

        /**
         * {@code ingest.poll.idle-wait}: the longest the scheduler sleeps when nothing is due. It
         * sleeps until the earliest {@code next_poll_at} (or a "poll now" or subscribe on this
         * instance) but never longer than this, so work made due by another replica, or a host
         * that is at its cap, is noticed within this bound. 1 s costs one small indexed query a
         * second per idle instance and keeps the added delay of a due feed under a second.
         */
        @WithDefault("PT1S")
        Duration idleWait();

        /**
         * {@code ingest.poll.concurrency}: fetches in flight at once on one instance. Fetching is
         * waiting on the network, not CPU, so this is sized for I/O: one thread each, a few
         * hundred KiB of stack, no database connection held during the fetch. Per-host caps
         * ({@code ingest.fetch.per-host-concurrency}) still bound what one publisher sees. 128 by
         * measurement (docs/scheduler.md, servers answering in 100 ms, all 304s): 4 → 31, 16 → 90,
         * 64 → 258, 128 → 418 polls/s, CPU per poll falling from 6.0 to 1.3 ms; 128 is also
         * room for a few dozen slow feeds holding a worker up to the 30 s fetch deadline. The
         * store transactions queue briefly for the 20 pooled connections (acquisition timeout 30 s).
         */
        @WithDefault("128")
        @Min(1)
        int concurrency();

        /**
         * {@code ingest.poll.lease}: how long a claimed feed stays reserved for the claiming
         * instance. A heartbeat renews the leases of this instance's in-flight feeds every
         * lease/3, so a poll may run longer than this; when an instance dies, its feeds are
         * claimable again within one lease. 30 s: a crash costs at most half a minute of delay,
         * and three heartbeats fit in a lease, so one slow database round trip loses nothing.
         */
        @WithDefault("PT30S")
        Duration lease();

        /**
         * {@code ingest.poll.shutdown-grace}: on SIGTERM, how long in-flight polls may finish
         * before they are abandoned (no feed error recorded, lease released). 10 s: a typical
         * fetch takes well under a second, and the rest of Kubernetes' 30 s termination grace
         * is left to the outbox relay to flush.
         */
        @WithDefault("PT10S")
        Duration shutdownGrace();

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
         * {@code ingest.poll.max-entries-per-document}: entries read from one document, the first in
         * document order (feeds list the newest first); the fetch log says so when a document had
         * more. Real feeds carry 10 to a few hundred entries. The default keeps one poll's
         * transaction to a few seconds and a few MB of heap even for tiny entries (measured, see
         * docs/reliability.md "Bounded work").
         */
        @WithDefault("1000")
        @Min(1)
        int maxEntriesPerDocument();

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
         * send them. The relay renews the lease of a batch still in flight every third of it, so a
         * short lease costs one UPDATE per 10 s of waiting and a crashed instance's rows are sent
         * again (same ce_id) within about this long. At least 3 s (checked at start-up).
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
        String backlogTick();

        /**
         * {@code ingest.relay.retention}: how long sent outbox rows are kept before they are pruned.
         * Replays rebuild events from the item store, so the rows only serve inspection and the
         * duplicate check of a late acknowledgement. A sent row is about 4 KiB (payload plus
         * indexes; see docs/reliability.md); at 100,000 events a day, 7 days is about 3 GB.
         */
        @WithDefault("P7D")
        Duration retention();

        /** {@code ingest.relay.retention-tick}: how often sent rows older than the retention are pruned. */
        @WithDefault("10m")
        String retentionTick();

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
         * recounted. One grouped query over the feed table; half a minute keeps it current for
         * dashboards without a query per scrape.
         */
        @WithDefault("30s")
        String feedStateTick();
    }

    /** {@code ingest.taxonomy.*}: which taxonomy topics come from. */
    Taxonomy taxonomy();

    interface Taxonomy {
        /**
         * {@code ingest.taxonomy.file} ({@code INGEST_TAXONOMY_FILE}): a YAML taxonomy replacing the
         * shipped {@code taxonomy/default.yaml}. Unset by default: the shipped one covers every
         * country, the IPTC top-level subjects and the RFE/RL beats. A file that cannot be read or
         * compiled stops start-up with a message naming the problem.
         */
        Optional<String> file();
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
