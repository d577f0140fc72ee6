package org.newsingest.pipeline;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.runtime.TransactionConfiguration;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.FlushModeType;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.hibernate.Session;
import org.hibernate.query.NativeQuery;
import org.newsingest.feed.EntryWarning;
import org.newsingest.feed.Feed;
import org.newsingest.feed.FeedState;
import org.newsingest.feed.FetchLogEntry;
import org.newsingest.feed.HeaderSecrets;
import org.newsingest.feed.PollError;
import org.newsingest.fetch.LogSafe;
import org.newsingest.filter.FilteredEntry;
import org.newsingest.push.PushSchedule;
import org.newsingest.schedule.BackoffConfig;
import org.newsingest.schedule.PollConfig;
import org.newsingest.schedule.PollPolicy;
import org.newsingest.store.ItemCandidate;

/**
 * The transactions of a poll. Each commits the poll's whole result at once: items, their outbox
 * events, the feed's validators and schedule, and the fetch-log line. A crash before the commit
 * leaves nothing behind, so the next poll simply does the work again.
 */
@ApplicationScoped
class PollRecorder {

    /**
     * A feed's fetch log is trimmed to {@code ingest.poll.fetch-history} on about one poll in this
     * many (the log ids are shared by all feeds, so which poll trims is spread at random): it holds
     * a few lines more between trims. The trim is the costliest statement of a {@code 304} poll.
     */
    private static final int TRIM_EVERY = 8;

    private final EntryWriter entries;
    private final PollPolicy policy;
    private final BackoffConfig backoff;
    private final HeaderSecrets secrets;
    private final PollConfig config;
    private final EntityManager entityManager;
    private final PushSchedule push;
    private final ObjectMapper json;

    PollRecorder(EntryWriter entries, PollPolicy policy, BackoffConfig backoff, HeaderSecrets secrets, PollConfig config,
                 EntityManager entityManager, PushSchedule push, ObjectMapper json) {
        this.entries = entries;
        this.policy = policy;
        this.backoff = backoff;
        this.secrets = secrets;
        this.config = config;
        this.entityManager = entityManager;
        this.push = push;
        this.json = json;
    }

    /** The feed as the poll needs it, loaded read-only: nothing is kept to dirty-check at commit. */
    @Transactional
    Optional<FeedSnapshot> snapshot(long feedId) {
        return Optional.ofNullable(entityManager.unwrap(Session.class).byId(Feed.class).withReadOnly(true).load(feedId))
                .filter(feed -> feed.deletedAt == null)
                .map(feed -> FeedSnapshot.of(feed, secrets.open(feed.id, feed.requestHeaders), secrets.openProxy(feed.id, feed.proxy)));
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
     * Records a poll's outcome on the feed, if the poll still holds the feed's lease: a worker
     * that outlived its lease (a long stall, a lost heartbeat) is fenced, since another worker may
     * have polled the feed since and an old result must not overwrite a newer one. One
     * transaction, bounded by {@code ingest.poll.store-timeout} (a document's entries are stored
     * in it). Returns what was stored; {@link PollSummary#NOTHING} for all but a new document.
     */
    @Transactional
    @TransactionConfiguration(timeout = 30, timeoutFromConfigProperty = "ingest.poll.store-timeout")
    PollSummary record(long feedId, String leaseToken, PollOutcome outcome) {
        Feed feed = entityManager.find(Feed.class, feedId, LockModeType.PESSIMISTIC_WRITE);
        if (feed == null || !leaseToken.equals(feed.leaseOwner)) {
            Log.warnf("feed %d: poll result dropped, the lease %s is no longer held (now %s)", feedId, leaseToken,
                    feed == null ? "gone" : feed.leaseOwner);
            return PollSummary.NOTHING;
        }
        if (outcome instanceof PollOutcome.Document document) {
            return recordDocument(feed, document);
        }
        Instant now = Instant.now();
        if (outcome instanceof PollOutcome.Unchanged unchanged) {
            Optional<String> moved = feed.followPermanentRedirect(unchanged.permanentRedirect());
            feed.pollSucceeded(unchanged.status(), push.nextPoll(feed.id,
                    policy.afterSuccess(feed.pollInterval(), unchanged.hints(), Optional.empty(), recentItemTimes(feed.id), now), now), now);
            persist(line(feed, "not_modified", unchanged.status(), unchanged.bytes(), unchanged.elapsed()).detail(moved));
        } else if (outcome instanceof PollOutcome.Failed failed) {
            feed.pollFailed(failed.status(), failed.error(), failed.detail(), afterFailure(feed, failed.error(), now), now, config.failingAfter());
            persist(line(feed, "failed", failed.status(), 0, failed.elapsed()).failure(failed.error(), failed.detail()));
        } else if (outcome instanceof PollOutcome.RateLimited limited) {
            int status = limited.limited().status();
            String detail = "HTTP " + status + limited.limited().retryAt().map(at -> ", Retry-After " + at).orElse("");
            Instant next = policy.afterRateLimit(limited.limited().retryAt(), feed.pollInterval(), feed.consecutiveFailures + 1, now);
            feed.pollFailed(status, PollError.RATE_LIMITED, detail, next, now, config.failingAfter());
            persist(line(feed, "rate_limited", status, 0, limited.elapsed()).failure(PollError.RATE_LIMITED, detail));
        } else if (outcome instanceof PollOutcome.Gone gone) {
            feed.gone(gone.status(), now, config.failingAfter());
            persist(line(feed, "gone", gone.status(), 0, gone.elapsed()).failure(PollError.GONE, null));
        }
        return PollSummary.NOTHING;
    }

    /** A new document: its entries stored and their events queued; the feed's validators, window and schedule follow it. */
    private PollSummary recordDocument(Feed feed, PollOutcome.Document outcome) {
        if (feed.title == null) {
            feed.title = outcome.document().title().orElse(null);
        }
        List<ItemCandidate> candidates = outcome.candidates();
        List<FilteredEntry> filtered = outcome.filtered();
        EntryWriter.Written written = entries.write(feed, candidates, filtered);
        PollSummary summary = written.summary();
        feed.etag = outcome.fetched().etag().orElse(null);
        feed.lastModified = outcome.fetched().lastModified().orElse(null);
        feed.bodyHash = outcome.bodyHash();
        feed.lastItemCount = candidates.size() + filtered.size();
        Optional<String> moved = feed.followPermanentRedirect(outcome.fetched().permanentRedirect());
        Instant now = Instant.now();
        Optional<Instant> lastGoodPoll = Optional.ofNullable(feed.lastGoodPollAt);
        boolean gap = noteGap(feed, candidates, filtered, summary, now);
        boolean down = GapRule.wasDownLongerThanWindow(lastGoodPoll, Optional.ofNullable(feed.windowSeconds).map(Duration::ofSeconds), now);
        noteWindow(feed, candidates);
        Instant next = gap ? policy.afterGap(feed.pollInterval(), now)
                : policy.afterSuccess(feed.pollInterval(), outcome.fetched().cacheHints(), outcome.document().ttl(), recentItemTimes(feed.id), now);
        feed.pollSucceeded(outcome.fetched().status(), push.nextPoll(feed.id, next, now), now);
        persist(line(feed, "modified", outcome.fetched().status(), outcome.fetched().body().length, outcome.elapsed()).detail(moved)
                .entries(summary, candidates.size() + filtered.size(), warnings(outcome.warnings(), written.warnings())));
        return summary.withGap(gap, lastGoodPoll.filter(since -> gap || down));
    }

    private Instant afterFailure(Feed feed, PollError error, Instant now) {
        int failures = feed.consecutiveFailures + 1;
        return switch (error) {
            case BOT_CHALLENGE -> policy.afterBackoff(backoff.botChallenge(), failures, now);
            case AUTH_FAILED -> policy.afterBackoff(backoff.authFailure(), failures, now);
            default -> policy.afterFailure(feed.pollInterval(), failures, now);
        };
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
        EntryWriter.Written written = entries.write(feed, candidates, filtered);
        persist(line(feed, "backfilled", 200, 0, elapsed).detail(Optional.of(detail))
                .entries(written.summary(), candidates.size() + filtered.size(), written.warnings()));
        return written.summary();
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
        EntryWriter.Written written = entries.write(feed, candidates, filtered);
        persist(line(feed, "pushed", 200, bytes, elapsed)
                .entries(written.summary(), candidates.size() + filtered.size(), warnings(warnings, written.warnings())));
        return Optional.of(written.summary());
    }

    /** A backfill that could not read the sitemap: on the feed's fetch log, nothing else changes. */
    @Transactional
    void recordBackfillFailure(long feedId, String detail, Duration elapsed) {
        Feed feed = entityManager.find(Feed.class, feedId);
        if (feed != null && feed.deletedAt == null) {
            persist(line(feed, "backfill_failed", 0, 0, elapsed).detail(Optional.of(detail)));
        }
    }

    private String writeWarnings(List<EntryWarning> warnings) {
        if (warnings.isEmpty()) {
            return "[]";
        }
        try {
            return json.writeValueAsString(warnings);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("entry warnings are plain records and always serialise", e);
        }
    }

    private static List<EntryWarning> warnings(List<EntryWarning> prepared, List<EntryWarning> stored) {
        List<EntryWarning> all = new ArrayList<>(prepared);
        all.addAll(stored);
        return all;
    }

    /**
     * When the feed's most recent items were published (or first seen): the adaptive interval's
     * evidence. Plain JDBC on the transaction's connection, without flushing first: the poll's
     * items are written through a stateless session and are already in the database, and this runs
     * for every poll.
     */
    private List<Instant> recentItemTimes(long feedId) {
        return entityManager.unwrap(Session.class).doReturningWork(connection -> {
            try (PreparedStatement query = connection.prepareStatement("""
                    SELECT coalesce(published_at, first_seen_at) FROM item
                    WHERE feed_id = ? ORDER BY first_seen_at DESC LIMIT 20
                    """)) {
                query.setLong(1, feedId);
                List<Instant> times = new ArrayList<>();
                try (ResultSet rows = query.executeQuery()) {
                    while (rows.next()) {
                        times.add(rows.getTimestamp(1).toInstant());
                    }
                }
                return times;
            }
        });
    }

    /** A fetch-log line for {@code feed}; its details are added by {@link LogLine}'s methods. */
    private static LogLine line(Feed feed, String outcome, int status, long bytes, Duration elapsed) {
        FetchLogEntry entry = new FetchLogEntry();
        entry.feedId = feed.id;
        entry.url = LogSafe.url(feed.url);
        entry.outcome = outcome;
        entry.httpStatus = status == 0 ? null : status;
        entry.bytes = bytes;
        entry.durationMs = elapsed.toMillis();
        return new LogLine(entry);
    }

    /** A fetch-log line being filled in. */
    private record LogLine(FetchLogEntry entry) {

        LogLine detail(Optional<String> detail) {
            entry.detail = detail.map(text -> LogSafe.text(text, 1000)).orElse(null);
            return this;
        }

        LogLine failure(PollError error, String detail) {
            entry.errorCode = error.code();
            return detail(Optional.ofNullable(detail));
        }

        LogLine entries(PollSummary summary, int seen, List<EntryWarning> warnings) {
            entry.itemsNew = summary.created() + summary.revised();
            entry.itemsSeen = seen;
            entry.warnings = List.copyOf(warnings);
            return this;
        }
    }

    /**
     * Writes the line with one plain statement, not as a managed entity: nothing reads it back in
     * the poll, and the entity's identity insert, with Hibernate binding the warnings through its
     * JSON type even when there are none, was the largest part of a {@code 304} poll's CPU.
     */
    private void persist(LogLine line) {
        FetchLogEntry entry = line.entry();
        String warnings = writeWarnings(entry.warnings);
        entry.id = entityManager.unwrap(Session.class).doReturningWork(connection -> {
            try (PreparedStatement insert = connection.prepareStatement("""
                    INSERT INTO fetch_log (feed_id, url, http_status, bytes, duration_ms, outcome, error_code, detail, items_new, items_seen, warnings)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, cast(? AS jsonb))
                    RETURNING id
                    """)) {
                insert.setLong(1, entry.feedId);
                insert.setString(2, entry.url);
                insert.setObject(3, entry.httpStatus, Types.INTEGER);
                insert.setLong(4, entry.bytes);
                insert.setLong(5, entry.durationMs);
                insert.setString(6, entry.outcome);
                insert.setString(7, entry.errorCode);
                insert.setString(8, entry.detail);
                insert.setInt(9, entry.itemsNew);
                insert.setInt(10, entry.itemsSeen);
                insert.setString(11, warnings);
                try (ResultSet id = insert.executeQuery()) {
                    id.next();
                    return id.getLong(1);
                }
            }
        });
        if (entry.id % TRIM_EVERY == 0) {
            entityManager.createNativeQuery("""
                    DELETE FROM fetch_log WHERE feed_id = :feed AND id <= (
                        SELECT id FROM fetch_log WHERE feed_id = :feed ORDER BY id DESC OFFSET :keep LIMIT 1)
                    """)
                    .setFlushMode(FlushModeType.COMMIT)
                    .unwrap(NativeQuery.class)
                    .addSynchronizedQuerySpace("fetch_log")
                    .setParameter("feed", entry.feedId)
                    .setParameter("keep", config.fetchHistory())
                    .executeUpdate();
        }
    }
}
