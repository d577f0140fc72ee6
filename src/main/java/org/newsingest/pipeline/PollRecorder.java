package org.newsingest.pipeline;

import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.runtime.TransactionConfiguration;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.newsingest.config.IngestConfig;
import org.newsingest.extract.ExtractionQueue;
import org.newsingest.feed.EntryWarning;
import org.newsingest.feed.Feed;
import org.newsingest.feed.FeedState;
import org.newsingest.feed.HeaderSecrets;
import org.newsingest.feed.FetchLogEntry;
import org.newsingest.fetch.FetchError;
import org.newsingest.fetch.FetchResult;
import org.newsingest.fetch.LogSafe;
import org.newsingest.filter.FilteredEntry;
import org.newsingest.parse.ParsedFeed;
import org.newsingest.publish.EventType;
import org.newsingest.publish.Outbox;
import org.newsingest.push.PushSchedule;
import org.newsingest.schedule.BackoffConfig;
import org.newsingest.schedule.PollPolicy;
import org.newsingest.store.Item;
import org.newsingest.store.ItemCandidate;
import org.newsingest.store.ItemStore;
import org.newsingest.store.StoreResult;

/**
 * The transactions of a poll. Each method commits the poll's whole result at once: items, their
 * outbox events, the feed's validators and schedule, and the fetch-log line. A crash before the
 * commit leaves nothing behind, so the next poll simply does the work again.
 */
@ApplicationScoped
class PollRecorder {

    private static final List<String> TOPICS_CHANGED = List.of("topics");

    /**
     * A feed's fetch log is trimmed to {@code ingest.poll.fetch-history} on about one poll in this
     * many (the log ids are shared by all feeds, so which poll trims is spread at random): it holds
     * a few lines more between trims. The trim is the costliest statement of a {@code 304} poll.
     */
    private static final int TRIM_EVERY = 8;

    private final ItemStore items;
    private final Outbox outbox;
    private final PollPolicy policy;
    private final BackoffConfig backoff;
    private final HeaderSecrets secrets;
    private final IngestConfig.Poll config;
    private final EntityManager entityManager;
    private final ExtractionQueue extractions;
    private final PushSchedule push;

    PollRecorder(ItemStore items, Outbox outbox, PollPolicy policy, BackoffConfig backoff, HeaderSecrets secrets, IngestConfig config,
                 EntityManager entityManager, ExtractionQueue extractions, PushSchedule push) {
        this.secrets = secrets;
        this.extractions = extractions;
        this.items = items;
        this.outbox = outbox;
        this.policy = policy;
        this.backoff = backoff;
        this.config = config.poll();
        this.entityManager = entityManager;
        this.push = push;
    }

    @Transactional
    Optional<FeedSnapshot> snapshot(long feedId) {
        return Feed.findLive(feedId).map(feed -> FeedSnapshot.of(feed, secrets.open(feed.id, feed.requestHeaders),
                secrets.openProxy(feed.id, feed.proxy)));
    }

    /**
     * Gives up the lease of a poll that records nothing (the feed was unsubscribed after its
     * claim). Left to run out, the lease would count against its host's cluster-wide cap for up
     * to a lease period and hold back the host's other feeds.
     */
    @Transactional
    void releaseUnrecorded(long feedId, String leaseToken) {
        entityManager.createNativeQuery("UPDATE feed SET lease_until = NULL, lease_owner = NULL WHERE id = :id AND lease_owner = :token")
                .setParameter("id", feedId)
                .setParameter("token", leaseToken)
                .executeUpdate();
    }

    /**
     * A new document: stores its entries and queues the events of new and revised items, all in
     * one transaction bounded by {@code ingest.poll.store-timeout}. Entries the store refused are
     * added to {@code warnings} on the poll's fetch-log line; their neighbours are stored.
     */
    @Transactional
    @TransactionConfiguration(timeout = 30, timeoutFromConfigProperty = "ingest.poll.store-timeout")
    PollSummary recordDocument(long feedId, String leaseToken, FetchResult.Modified fetched, String bodyHash, ParsedFeed document,
                               List<ItemCandidate> candidates, List<FilteredEntry> filtered, List<EntryWarning> warnings, Duration elapsed) {
        Optional<Feed> leased = leased(feedId, leaseToken);
        if (leased.isEmpty()) {
            return PollSummary.NOTHING;
        }
        Feed feed = leased.get();
        if (feed.title == null) {
            feed.title = document.title().orElse(null);
        }
        ItemStore.StoredDocument stored = items.storeDocument(feed, candidates);
        PollSummary summary = publish(feed, stored.results());
        feed.filteredCount += recordFiltered(feed.id, filtered);
        feed.etag = fetched.etag().orElse(null);
        feed.lastModified = fetched.lastModified().orElse(null);
        feed.bodyHash = bodyHash;
        feed.lastItemCount = candidates.size() + filtered.size();
        String moved = followPermanentRedirect(feed, fetched.permanentRedirect());
        Instant now = Instant.now();
        Optional<Instant> lastGoodPoll = Optional.ofNullable(feed.lastGoodPollAt);
        boolean gap = noteGap(feed, candidates, filtered, summary, now);
        boolean down = GapRule.wasDownLongerThanWindow(lastGoodPoll, Optional.ofNullable(feed.windowSeconds).map(Duration::ofSeconds), now);
        noteWindow(feed, candidates);
        succeed(feed, fetched.status(), push.nextPoll(feed.id, gap ? policy.afterGap(feed.pollInterval(), now)
                : policy.afterSuccess(feed.pollInterval(), fetched.cacheHints(), document.ttl(), recentItemTimes(feed.id), now), now), now);
        List<EntryWarning> all = new ArrayList<>(warnings);
        all.addAll(stored.warnings());
        log(feed, fetched.status(), fetched.body().length, elapsed, "modified", null, moved, summary.created() + summary.revised(),
                candidates.size() + filtered.size(), all);
        return summary.withGap(gap, lastGoodPoll.filter(since -> gap || down));
    }

    /**
     * Applies the {@link GapRule} to this document against the feed's previous non-empty one, counts
     * a gap on the feed, and keeps this document's keys for the next poll.
     */
    private static boolean noteGap(Feed feed, List<ItemCandidate> candidates, List<FilteredEntry> filtered, PollSummary summary, Instant now) {
        List<String> keys = new ArrayList<>(candidates.size() + filtered.size());
        candidates.forEach(candidate -> keys.add(candidate.identityKey()));
        filtered.forEach(entry -> keys.add(entry.identityKey()));
        Set<String> previous = feed.lastEntryKeys == null ? Set.of() : new HashSet<>(feed.lastEntryKeys);
        boolean gap = GapRule.isGap(previous, keys, summary.sighted() + summary.revised());
        if (gap) {
            feed.gapCount++;
            feed.lastGapAt = now;
        }
        if (!keys.isEmpty()) {
            feed.lastEntryKeys = keys;
        }
        return gap;
    }

    /** The span of publication dates this document covers: how long the feed may go unpolled without losing entries. */
    private static void noteWindow(Feed feed, List<ItemCandidate> candidates) {
        List<Instant> published = candidates.stream().flatMap(candidate -> candidate.item().published().stream()).toList();
        GapRule.window(published).ifPresent(window -> feed.windowSeconds = window.toSeconds());
    }

    /**
     * Entries read from the feed's sitemap after a gap or a downtime: stored and published like a
     * poll's, in one transaction of their own, with a fetch-log line ({@code backfilled}); the
     * feed's schedule and validators are the poll's and stay as they are.
     */
    @Transactional
    @TransactionConfiguration(timeout = 30, timeoutFromConfigProperty = "ingest.poll.store-timeout")
    PollSummary recordBackfill(long feedId, List<ItemCandidate> candidates, List<FilteredEntry> filtered, String detail, Duration elapsed) {
        Feed feed = entityManager.find(Feed.class, feedId, LockModeType.PESSIMISTIC_WRITE);
        if (feed == null || feed.deletedAt != null) {
            return PollSummary.NOTHING;
        }
        ItemStore.StoredDocument stored = items.storeDocument(feed, candidates);
        PollSummary summary = publish(feed, stored.results());
        feed.filteredCount += recordFiltered(feed.id, filtered);
        log(feed, 200, 0, elapsed, "backfilled", null, detail, summary.created() + summary.revised(), candidates.size() + filtered.size(),
                stored.warnings());
        return summary;
    }

    /**
     * A document a WebSub hub pushed: its entries are stored and their events queued exactly as a
     * poll's, in one transaction bounded by {@code ingest.poll.store-timeout}. The feed's row lock,
     * which every poll's recording takes too, keeps a push and a poll of one feed from storing at
     * the same time. The feed's validators and schedule stay the polls' own; the push leaves a
     * fetch-log line ({@code pushed}). Nothing is stored for a feed deleted, paused or gone since.
     */
    @Transactional
    @TransactionConfiguration(timeout = 30, timeoutFromConfigProperty = "ingest.poll.store-timeout")
    Optional<PollSummary> recordPush(long feedId, long bytes, List<ItemCandidate> candidates, List<FilteredEntry> filtered, List<EntryWarning> warnings,
                                     Duration elapsed) {
        Feed feed = entityManager.find(Feed.class, feedId, LockModeType.PESSIMISTIC_WRITE);
        if (feed == null || feed.deletedAt != null || (feed.state != FeedState.ACTIVE && feed.state != FeedState.FAILING)) {
            return Optional.empty();
        }
        ItemStore.StoredDocument stored = items.storeDocument(feed, candidates);
        PollSummary summary = publish(feed, stored.results());
        feed.filteredCount += recordFiltered(feed.id, filtered);
        List<EntryWarning> all = new ArrayList<>(warnings);
        all.addAll(stored.warnings());
        log(feed, 200, bytes, elapsed, "pushed", null, null, summary.created() + summary.revised(), candidates.size() + filtered.size(), all);
        return Optional.of(summary);
    }

    /** A backfill that could not read the sitemap: on the feed's fetch log, nothing else changes. */
    @Transactional
    void recordBackfillFailure(long feedId, String detail, Duration elapsed) {
        Feed feed = entityManager.find(Feed.class, feedId);
        if (feed != null && feed.deletedAt == null) {
            log(feed, 0, 0, elapsed, "backfill_failed", null, detail, 0, 0, List.of());
        }
    }

    /**
     * Records the entries the feed's filters dropped, each once per feed and identity key (a later
     * poll of the same entry adds nothing); returns how many were new.
     */
    private int recordFiltered(long feedId, List<FilteredEntry> filtered) {
        int added = 0;
        for (FilteredEntry entry : filtered) {
            added += entityManager.createNativeQuery("""
                    INSERT INTO item_filtered (feed_id, identity_key, url, title, rule) VALUES (:feed, :key, cast(:url AS text), cast(:title AS text), :rule)
                    ON CONFLICT (feed_id, identity_key) DO NOTHING
                    """)
                    .setParameter("feed", feedId)
                    .setParameter("key", entry.identityKey())
                    .setParameter("url", entry.url().orElse(null))
                    .setParameter("title", entry.title().map(title -> LogSafe.text(title, 500)).orElse(null))
                    .setParameter("rule", LogSafe.text(entry.rule(), 1100))
                    .executeUpdate();
        }
        return added;
    }

    /** Queues the events of a stored document, in document order, with one id query and batched inserts. */
    private PollSummary publish(Feed feed, List<StoreResult> results) {
        List<Outbox.Pending> events = new ArrayList<>();
        List<Item> newStories = new ArrayList<>();
        int created = 0;
        int revised = 0;
        int sighted = 0;
        int duplicates = 0;
        for (StoreResult result : results) {
            if (result instanceof StoreResult.Created c) {
                events.add(new Outbox.Pending(EventType.CREATED, c.item(), feed, List.of()));
                newStories.add(c.item());
                created++;
            } else if (result instanceof StoreResult.Revised r) {
                if (r.published()) {
                    events.add(new Outbox.Pending(EventType.UPDATED, r.item(), feed, r.changedFields()));
                }
                revised++;
            } else if (result instanceof StoreResult.Sighted s) {
                s.grown().ifPresent(story -> events.add(new Outbox.Pending(EventType.UPDATED, story, feedOf(story, feed), TOPICS_CHANGED)));
                sighted++;
            } else if (result instanceof StoreResult.Duplicate d) {
                if (d.grownTopics()) {
                    events.add(new Outbox.Pending(EventType.UPDATED, d.original(), feedOf(d.original(), feed), TOPICS_CHANGED));
                }
                duplicates++;
            }
        }
        // New stories whose entry lacks the body get their page queued; their created waits a bounded time for it.
        ExtractionQueue.Admitted admitted = extractions.admit(feed, newStories);
        outbox.enqueue(events, admitted.held(), admitted.hold());
        return new PollSummary(created, revised, sighted, duplicates, results.size());
    }

    /** The feed a story's events name: the one its first item came from. */
    private static Feed feedOf(Item item, Feed polled) {
        return item.feedId.equals(polled.id) ? polled : Feed.findById(item.feedId);
    }

    /** 304, or a 200 whose body is byte for byte the last one. */
    @Transactional
    void recordUnchanged(long feedId, String leaseToken, int status, long bytes, FetchResult.CacheHints hints, Optional<Duration> feedTtl,
                         Optional<URI> permanentRedirect, Duration elapsed) {
        Optional<Feed> leased = leased(feedId, leaseToken);
        if (leased.isEmpty()) {
            return;
        }
        Feed feed = leased.get();
        String moved = followPermanentRedirect(feed, permanentRedirect);
        Instant now = Instant.now();
        succeed(feed, status, push.nextPoll(feed.id, policy.afterSuccess(feed.pollInterval(), hints, feedTtl, recentItemTimes(feed.id), now), now), now);
        log(feed, status, bytes, elapsed, "not_modified", null, moved, 0, 0, List.of());
    }

    @Transactional
    void recordFailure(long feedId, String leaseToken, int status, FetchError error, String detail, Duration elapsed) {
        Optional<Feed> leased = leased(feedId, leaseToken);
        if (leased.isEmpty()) {
            return;
        }
        Feed feed = leased.get();
        Instant now = Instant.now();
        int failures = feed.consecutiveFailures + 1;
        Instant next = switch (error) {
            case BOT_CHALLENGE -> policy.afterBackoff(backoff.botChallenge(), failures, now);
            case AUTH_FAILED -> policy.afterBackoff(backoff.authFailure(), failures, now);
            default -> policy.afterFailure(feed.pollInterval(), failures, now);
        };
        fail(feed, status, error, detail, next, now);
        log(feed, status, 0, elapsed, "failed", error, detail, 0, 0, List.of());
    }

    @Transactional
    void recordRateLimited(long feedId, String leaseToken, FetchResult.RateLimited limited, Duration elapsed) {
        Optional<Feed> leased = leased(feedId, leaseToken);
        if (leased.isEmpty()) {
            return;
        }
        Feed feed = leased.get();
        Instant now = Instant.now();
        Instant next = policy.afterRateLimit(limited.retryAt(), feed.pollInterval(), feed.consecutiveFailures + 1, now);
        String detail = "HTTP " + limited.status() + limited.retryAt().map(at -> ", Retry-After " + at).orElse("");
        fail(feed, limited.status(), FetchError.RATE_LIMITED, detail, next, now);
        log(feed, limited.status(), 0, elapsed, "rate_limited", FetchError.RATE_LIMITED, detail, 0, 0, List.of());
    }

    @Transactional
    void recordGone(long feedId, String leaseToken, int status, Duration elapsed) {
        Optional<Feed> leased = leased(feedId, leaseToken);
        if (leased.isEmpty()) {
            return;
        }
        Feed feed = leased.get();
        Instant now = Instant.now();
        fail(feed, status, FetchError.GONE, "the publisher removed this feed (410 Gone); it is no longer polled", now, now);
        feed.state = FeedState.GONE;
        log(feed, status, 0, elapsed, "gone", FetchError.GONE, null, 0, 0, List.of());
    }

    /**
     * The feed, locked for this transaction, if this poll still holds its lease. A worker that
     * outlived its lease (a long stall, a lost heartbeat) is fenced: another worker may have polled
     * the feed since, and an old result must not overwrite a newer one.
     */
    private Optional<Feed> leased(long feedId, String leaseToken) {
        Feed feed = entityManager.find(Feed.class, feedId, LockModeType.PESSIMISTIC_WRITE);
        if (feed == null || !leaseToken.equals(feed.leaseOwner)) {
            Log.warnf("feed %d: poll result dropped, the lease %s is no longer held (now %s)", feedId, leaseToken,
                    feed == null ? "gone" : feed.leaseOwner);
            return Optional.empty();
        }
        return Optional.of(feed);
    }

    private void succeed(Feed feed, int status, Instant nextPoll, Instant now) {
        feed.lastFetchedAt = now;
        feed.lastGoodPollAt = now;
        feed.lastStatus = status;
        feed.lastError = null;
        feed.lastErrorDetail = null;
        feed.consecutiveFailures = 0;
        if (feed.state == FeedState.FAILING || feed.state == FeedState.CHALLENGED) {
            feed.state = FeedState.ACTIVE;
        }
        feed.nextPollAt = nextPoll;
        release(feed);
    }

    private void fail(Feed feed, int status, FetchError error, String detail, Instant nextPoll, Instant now) {
        feed.lastFetchedAt = now;
        feed.lastStatus = status == 0 ? null : status;
        feed.lastError = error.code();
        feed.lastErrorDetail = detail == null ? null : LogSafe.text(detail, 1000);
        feed.consecutiveFailures++;
        boolean challenged = error == FetchError.BOT_CHALLENGE;
        if (challenged && (feed.state == FeedState.ACTIVE || feed.state == FeedState.FAILING)) {
            feed.state = FeedState.CHALLENGED;
        } else if (!challenged && feed.state == FeedState.CHALLENGED) {
            feed.state = FeedState.ACTIVE;
        }
        if (feed.state == FeedState.ACTIVE && feed.consecutiveFailures >= config.failingAfter()) {
            feed.state = FeedState.FAILING;
        }
        feed.nextPollAt = nextPoll;
        release(feed);
    }

    private static void release(Feed feed) {
        feed.leaseUntil = null;
        feed.leaseOwner = null;
    }

    /**
     * The stored URL follows a 301/308 only once two polls in a row saw the same one (the fetcher
     * reports only https targets that passed the address guard). Returns a note for the fetch log
     * when the URL changed, so the change is on record in the feed's history.
     */
    static String followPermanentRedirect(Feed feed, Optional<URI> target) {
        String seen = target.map(URI::toString).orElse(null);
        if (seen != null && seen.equals(feed.pendingRedirectUrl) && !seen.equals(feed.url)) {
            String note = "feed URL changed from " + LogSafe.url(feed.url) + " to " + LogSafe.url(seen) + " after a permanent redirect on two polls in a row";
            feed.url = seen;
            feed.pendingRedirectUrl = null;
            return note;
        }
        feed.pendingRedirectUrl = seen;
        return null;
    }

    /** When the feed's most recent items were published (or first seen): the adaptive interval's evidence. */
    private List<Instant> recentItemTimes(long feedId) {
        List<?> rows = entityManager.createNativeQuery("""
                SELECT coalesce(published_at, first_seen_at) FROM item
                WHERE feed_id = :feed ORDER BY first_seen_at DESC LIMIT 20
                """)
                .setParameter("feed", feedId)
                .getResultList();
        List<Instant> times = new ArrayList<>(rows.size());
        for (Object row : rows) {
            if (row instanceof Instant instant) {
                times.add(instant);
            } else if (row instanceof OffsetDateTime offset) {
                times.add(offset.toInstant());
            } else if (row instanceof ZonedDateTime zoned) {
                times.add(zoned.toInstant());
            } else if (row instanceof java.util.Date date) {
                times.add(date.toInstant());
            }
        }
        return times;
    }

    private void log(Feed feed, int status, long bytes, Duration elapsed, String outcome, FetchError error, String detail,
                     int itemsNew, int itemsSeen, List<EntryWarning> warnings) {
        FetchLogEntry entry = new FetchLogEntry();
        entry.feedId = feed.id;
        entry.url = LogSafe.url(feed.url);
        entry.httpStatus = status == 0 ? null : status;
        entry.bytes = bytes;
        entry.durationMs = elapsed.toMillis();
        entry.outcome = outcome;
        entry.errorCode = error == null ? null : error.code();
        entry.detail = detail == null ? null : LogSafe.text(detail, 1000);
        entry.itemsNew = itemsNew;
        entry.itemsSeen = itemsSeen;
        entry.warnings = List.copyOf(warnings);
        entry.persist();
        if (entry.id % TRIM_EVERY == 0) {
            entityManager.createNativeQuery("""
                    DELETE FROM fetch_log WHERE feed_id = :feed AND id <= (
                        SELECT id FROM fetch_log WHERE feed_id = :feed ORDER BY id DESC OFFSET :keep LIMIT 1)
                    """)
                    .setParameter("feed", feed.id)
                    .setParameter("keep", config.fetchHistory())
                    .executeUpdate();
        }
    }
}
