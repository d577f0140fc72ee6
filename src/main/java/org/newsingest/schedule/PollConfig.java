package org.newsingest.schedule;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.validation.constraints.Min;
import java.time.Duration;

/** {@code ingest.poll.*}: when feeds are polled, by how many workers, and what a poll may cost. */
@ConfigMapping(prefix = "ingest.poll")
public interface PollConfig {

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
     * ({@code ingest.fetch.per-host-concurrency}) still bound what one publisher sees. The
     * default leaves room for a few dozen slow feeds holding a worker up to the fetch deadline;
     * the measurements behind it are in docs/scheduler.md. The store transactions queue briefly
     * for the pooled database connections.
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
     * more. Real feeds carry 10 to a few hundred entries; the default bounds one poll's
     * transaction and heap even for tiny entries (docs/reliability.md, "Bounded work").
     */
    @WithDefault("1000")
    @Min(1)
    int maxEntriesPerDocument();

    /**
     * {@code ingest.poll.store-timeout}: seconds one poll's recording transaction may take. The one
     * setting here that is no {@link Duration}: {@code @TransactionConfiguration} on
     * {@code PollRecorder.record} reads it by name as whole seconds. A document that runs past it
     * is rolled back and recorded as the feed's failure. The default is far above a capped
     * document's store time and well below the lease.
     */
    @WithDefault("30")
    @Min(1)
    int storeTimeout();
}
