package org.newsingest.extract;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.FlushModeType;
import jakarta.transaction.Transactional;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.hibernate.query.NativeQuery;
import org.newsingest.config.IngestConfig;
import org.newsingest.feed.Feed;
import org.newsingest.publish.ItemEvent;
import org.newsingest.store.Item;

/**
 * The durable queue of page extractions, {@code item_extraction}: new stories are admitted in their
 * poll's transaction, instances claim them with {@code FOR UPDATE SKIP LOCKED} under the same
 * cluster-wide per-host caps as feed polls, and a crashed instance's claims come back when their
 * lease runs out. The queue is bounded ({@code ingest.extract.queue-size}): a story past the bound is
 * recorded {@code skipped}/{@code queue_full} and counted, never dropped silently.
 */
@ApplicationScoped
public class ExtractionQueue {

    /** Serialises extraction claims of all replicas, so the per-host counts they read stay true ("page" in ASCII). */
    private static final long CLAIM_LOCK = 0x70616765L;
    /** Pending rows looked at per claim: the oldest due, which the per-host caps then thin out. */
    private static final int CLAIM_WINDOW = 500;

    /**
     * How long admit trusts its last count of the pending rows, adding what it admitted since:
     * counting scans every pending row, and did so once per poll (7 % of PostgreSQL's time in the
     * poll-capacity benchmark). Within this time another replica's admissions are not seen, so the
     * bound can be passed by what the other replicas admit in it.
     */
    static final Duration RECOUNT_AFTER = Duration.ofSeconds(1);

    private final EntityManager entityManager;
    private final ExtractConfig config;
    private final IngestConfig.Fetch fetch;
    private final ExtractMetrics metrics;
    /** Pending rows at the last count plus those admitted since, and when that count ran; guarded by {@code this}. */
    private long pendingEstimate;
    private long countedAtNanos;
    private boolean counted;

    ExtractionQueue(EntityManager entityManager, ExtractConfig config, IngestConfig ingest, ExtractMetrics metrics) {
        this.entityManager = entityManager;
        this.config = config;
        this.fetch = ingest.fetch();
        this.metrics = metrics;
    }

    /** The new stories whose {@code created} event waits up to {@code hold} for the body. */
    public record Admitted(Set<UUID> held, Duration hold) {}

    /** A claimed extraction: the story, its page, and how long after the claim its request may start. */
    public record Claim(UUID itemId, URI page, Duration startIn) {}

    /**
     * Queues the pages of a poll's new stories that {@link ExtractionRule} says to fetch, inside the
     * poll's transaction, and marks each queued item's extraction {@code pending}. Returns the items
     * whose {@code created} event should be held for their body; a story shed for a full queue is
     * recorded and not held.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Admitted admit(Feed feed, List<Item> created) {
        List<Item> wanted = new ArrayList<>();
        List<URI> pages = new ArrayList<>();
        for (Item item : created) {
            if (ExtractionRule.decide(config.enabled(), feed.extract, java.util.Optional.ofNullable(item.url),
                    java.util.Optional.ofNullable(item.contentText), config.minFeedBody()) instanceof ExtractionRule.Decision.Fetch fetchIt) {
                wanted.add(item);
                pages.add(fetchIt.page());
            }
        }
        if (wanted.isEmpty()) {
            return new Admitted(Set.of(), config.hold());
        }
        int queued = (int) Math.min(room(wanted.size()), wanted.size());
        Instant now = Instant.now();
        Set<UUID> held = new HashSet<>();
        List<UUID> shedIds = new ArrayList<>();
        for (int i = 0; i < wanted.size(); i++) {
            Item item = wanted.get(i);
            item.extraction = ItemEvent.Extraction.of(i < queued ? "pending" : "skipped", i < queued ? null : "queue_full");
            (i < queued ? held : shedIds).add(item.id);
        }
        insert(feed, wanted.subList(0, queued), pages.subList(0, queued), "pending", null, null, now);
        insert(feed, wanted.subList(queued, wanted.size()), pages.subList(queued, wanted.size()), "skipped", "queue_full",
                "ingest.extract.queue-size (" + config.queueSize() + ") pending extractions already", now);
        // The store writes new items without tracking them: their extraction object is written here.
        writeExtraction(held, "pending", null);
        writeExtraction(shedIds, "skipped", "queue_full");
        if (!shedIds.isEmpty()) {
            metrics.shed(shedIds.size());
            metrics.outcome("skipped", "queue_full");
        }
        return new Admitted(held, config.hold());
    }

    /**
     * One statement for the rows of {@code items} in {@code state}. Like every native statement of
     * the poll's transaction here, it runs without flushing the persistence context first (the
     * rows it touches are not managed entities) and names the only table it changes, so Hibernate
     * neither dirty-checks the feed nor invalidates unrelated caches for it.
     */
    private void insert(Feed feed, List<Item> items, List<URI> pages, String state, String reason, String detail, Instant now) {
        if (items.isEmpty()) {
            return;
        }
        entityManager.createNativeQuery("""
                INSERT INTO item_extraction (item_id, feed_id, url, state, reason, detail, hold_until, next_attempt_at, finished_at)
                SELECT item, :feed, url, :state, :reason, :detail, :holdUntil, :now, CASE WHEN :state = 'pending' THEN NULL ELSE CAST(:now AS timestamptz) END
                FROM unnest(:items, :urls) AS t(item, url)
                """)
                .setFlushMode(FlushModeType.COMMIT)
                .unwrap(NativeQuery.class)
                .addSynchronizedQuerySpace("item_extraction")
                .setParameter("feed", feed.id)
                .setParameter("state", state)
                .setParameter("reason", reason)
                .setParameter("detail", detail)
                .setParameter("holdUntil", now.plus(config.hold()))
                .setParameter("now", now)
                .setParameter("items", items.stream().map(item -> item.id).toArray(UUID[]::new))
                .setParameter("urls", pages.stream().map(URI::toString).toArray(String[]::new))
                .executeUpdate();
    }

    /** Sets the {@code extraction} column of {@code items} to the event's object for {@code outcome} and {@code reason}. */
    private void writeExtraction(Collection<UUID> items, String outcome, String reason) {
        if (items.isEmpty()) {
            return;
        }
        entityManager.createNativeQuery("""
                UPDATE item SET extraction = jsonb_strip_nulls(jsonb_build_object('outcome', cast(:outcome AS text), 'reason', cast(:reason AS text)))
                WHERE id = ANY(:ids)
                """)
                .setFlushMode(FlushModeType.COMMIT)
                .unwrap(NativeQuery.class)
                .addSynchronizedQuerySpace("item")
                .setParameter("outcome", outcome)
                .setParameter("reason", reason)
                .setParameter("ids", items.toArray(UUID[]::new))
                .executeUpdate();
    }

    /**
     * Room in the queue for {@code admitting} new extractions: the bound less the pending ones,
     * counted at most every {@link #RECOUNT_AFTER} (the workers' depth gauge counts every second
     * too, through {@link #pending()}, and that count serves here) and estimated in between by
     * adding what was admitted since (a rolled-back admission overestimates until the next count).
     */
    private synchronized long room(int admitting) {
        if (!counted || System.nanoTime() - countedAtNanos > RECOUNT_AFTER.toNanos()) {
            pending();
        }
        long room = Math.max(0, config.queueSize() - pendingEstimate);
        pendingEstimate += Math.min(room, admitting);
        return room;
    }

    /**
     * Claims up to {@code limit} due extractions for {@code owner}, oldest first, within the per-host
     * caps the feed claims use: a host's live feed leases and extraction claims together stay under
     * {@code ingest.fetch.per-host-concurrency}, and request starts are spaced
     * {@code ingest.fetch.per-host-spacing} apart through the same {@code poll_host} slots. As in
     * the feed claim, {@code hosts} is materialised so each host's counts run once, not once per
     * candidate.
     */
    @Transactional
    public List<Claim> claim(int limit, String owner) {
        entityManager.createNativeQuery("SELECT pg_advisory_xact_lock(:key)").setParameter("key", CLAIM_LOCK).getSingleResult();
        @SuppressWarnings("unchecked")
        List<Object[]> rows = entityManager.createNativeQuery("""
                WITH candidates AS (
                    SELECT item_id, host, next_attempt_at FROM item_extraction
                    WHERE state = 'pending' AND next_attempt_at <= now() AND (claimed_until IS NULL OR claimed_until < now())
                    ORDER BY next_attempt_at, item_id
                    LIMIT :window
                    FOR UPDATE SKIP LOCKED
                ), due AS (
                    SELECT item_id, host, next_attempt_at,
                           row_number() OVER (PARTITION BY host COLLATE "C" ORDER BY next_attempt_at, item_id) AS place
                    FROM candidates
                ), hosts AS MATERIALIZED (
                    SELECT d.host,
                           :cap - (SELECT count(*) FROM feed l WHERE l.host = d.host AND l.lease_owner IS NOT NULL AND l.lease_until >= now())
                                - (SELECT count(*) FROM item_extraction x
                                   WHERE x.host = d.host AND x.claim_owner IS NOT NULL AND x.claimed_until >= now()) AS free,
                           greatest(now(), p.last_start_at + make_interval(secs => :spacing)) AS first_start
                    FROM (SELECT DISTINCT host FROM due) d
                    LEFT JOIN poll_host p ON p.host = d.host
                ), picked AS (
                    SELECT due.item_id, due.host, h.first_start + (due.place - 1) * make_interval(secs => :spacing) AS start_at
                    FROM due JOIN hosts h ON h.host = due.host
                    WHERE due.place <= h.free
                      AND h.first_start + (due.place - 1) * make_interval(secs => :spacing) <= now() + make_interval(secs => :horizon)
                    ORDER BY start_at, due.next_attempt_at
                    LIMIT :limit
                ), claimed AS (
                    UPDATE item_extraction x SET claim_owner = :owner, claimed_until = now() + make_interval(secs => :lease)
                    FROM picked
                    WHERE x.item_id = picked.item_id
                    RETURNING x.item_id, x.url, picked.host, picked.start_at
                ), reserved AS (
                    INSERT INTO poll_host (host, last_start_at)
                    SELECT host, max(start_at) FROM claimed GROUP BY host
                    ON CONFLICT (host) DO UPDATE SET last_start_at = greatest(poll_host.last_start_at, excluded.last_start_at)
                )
                SELECT item_id, url, greatest(0, (extract(epoch FROM start_at - now()) * 1000)::bigint) FROM claimed ORDER BY start_at
                """)
                .setParameter("window", CLAIM_WINDOW)
                .setParameter("cap", fetch.perHostConcurrency())
                .setParameter("spacing", seconds(fetch.perHostSpacing()))
                .setParameter("horizon", 1.0)
                .setParameter("limit", limit)
                .setParameter("owner", owner)
                .setParameter("lease", seconds(config.lease()))
                .getResultList();
        List<Claim> claims = new ArrayList<>(rows.size());
        for (Object[] row : rows) {
            claims.add(new Claim((UUID) row[0], URI.create((String) row[1]), Duration.ofMillis(((Number) row[2]).longValue())));
        }
        return claims;
    }

    /**
     * Reserves the next request start to {@code host} at least {@code crawlDelay} after the last one,
     * cluster-wide (the host's {@code poll_host} slot, shared with feed polls), and returns how long
     * from now that start is.
     */
    @Transactional
    public Duration reserveCrawlSlot(String host, Duration crawlDelay) {
        Number millis = (Number) entityManager.createNativeQuery("""
                INSERT INTO poll_host AS p (host, last_start_at) VALUES (:host, now())
                ON CONFLICT (host) DO UPDATE SET last_start_at = greatest(now(), p.last_start_at + make_interval(secs => :delay))
                RETURNING greatest(0, (extract(epoch FROM last_start_at - now()) * 1000)::bigint)
                """)
                .setParameter("host", host)
                .setParameter("delay", seconds(crawlDelay))
                .getSingleResult();
        return Duration.ofMillis(millis.longValue());
    }

    /** Puts a claimed extraction back, due at {@code until}. */
    @Transactional
    public void defer(UUID itemId, String owner, Instant until) {
        entityManager.createNativeQuery("""
                UPDATE item_extraction SET claim_owner = NULL, claimed_until = NULL, next_attempt_at = :until
                WHERE item_id = :item AND claim_owner = :owner AND state = 'pending'
                """)
                .setParameter("until", until)
                .setParameter("item", itemId)
                .setParameter("owner", owner)
                .executeUpdate();
    }

    /** Extractions waiting, cluster-wide: the queue depth; also the base of admission's estimate. */
    @Transactional
    public long pending() {
        long pending = ((Number) entityManager.createNativeQuery("SELECT count(*) FROM item_extraction WHERE state = 'pending'")
                .getSingleResult()).longValue();
        counted(pending);
        return pending;
    }

    private synchronized void counted(long pending) {
        pendingEstimate = pending;
        countedAtNanos = System.nanoTime();
        counted = true;
    }


    private static double seconds(Duration duration) {
        return duration.toNanos() / 1e9;
    }
}
