package org.newsingest.publish;

import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.newsingest.config.IngestConfig;
import org.newsingest.feed.Feed;
import org.newsingest.store.Item;
import org.newsingest.store.ItemQuery;

/**
 * Re-publishes stored items for a new consumer or a rebuilt downstream store. Events are rebuilt
 * from the item store, not copied from old outbox rows (those are pruned after
 * {@code ingest.relay.retention}): each item's event at its current revision, with the same
 * {@code ce_id} as the original ({@link Outbox#eventId}). A replay is queued in chunks of
 * {@code ingest.relay.replay-chunk} items, each its own transaction, and the next chunk only once
 * the previous one has mostly been sent, so a replay of a large range neither holds one long
 * transaction nor floods the outbox ahead of new events. The relay sends the copies like any
 * event, after any older unsent event of the same item, so order per item holds. Progress is the
 * state of those copies; cancelling stops the chunks and deletes the copies not yet sent.
 */
@ApplicationScoped
public class Replays {

    /** A replay and its progress. {@code state}: {@code running}, {@code done} or {@code cancelled}. */
    public record Job(long id, Instant from, Instant to, Long feedId, String topic, String state,
                      long total, long sent, long pending, long dead, Instant requestedAt, Instant cancelledAt) {}

    /** A replay's items, and where its next chunk starts (at the beginning without a cursor). */
    private record Range(long jobId, ItemQuery.Filter filter, Optional<ItemQuery.Cursor> after) {

        Range(long jobId, Instant from, Instant to, Long feedId, String topic, Optional<ItemQuery.Cursor> after) {
            this(jobId, ItemQuery.Filter.range(from, to).withFeed(Optional.ofNullable(feedId)).withTopic(Optional.ofNullable(topic))
                    .withoutDeadEvents(), after);
        }
    }

    private final EntityManager entityManager;
    private final ItemQuery itemQuery;
    private final Outbox outbox;
    private final OutboxSignal signal;
    private final int chunk;

    Replays(EntityManager entityManager, ItemQuery itemQuery, Outbox outbox, OutboxSignal signal, IngestConfig config) {
        this.entityManager = entityManager;
        this.itemQuery = itemQuery;
        this.outbox = outbox;
        this.signal = signal;
        this.chunk = config.relay().replayChunk();
    }

    /**
     * Starts a replay of every item first seen in [from, to), optionally only items seen in feed
     * {@code feedId} or tagged with {@code topic} or a topic below it ({@link ItemQuery}). Items
     * whose latest event is dead (Kafka refused it) are skipped. {@code total} is counted now; the events are queued chunk by chunk.
     */
    @Transactional
    public Job start(Instant from, Instant to, Optional<Long> feedId, Optional<String> topic) {
        long jobId = ((Number) entityManager.createNativeQuery("""
                INSERT INTO replay_job (from_time, to_time, feed_id, topic) VALUES (:from, :to, :feed, :topic) RETURNING id
                """)
                .setParameter("from", from)
                .setParameter("to", to)
                .setParameter("feed", feedId.orElse(null))
                .setParameter("topic", topic.orElse(null))
                .getSingleResult()).longValue();
        Range range = new Range(jobId, from, to, feedId.orElse(null), topic.orElse(null), Optional.empty());
        long total = itemQuery.count(range.filter());
        entityManager.createNativeQuery("UPDATE replay_job SET total = :total WHERE id = :id")
                .setParameter("total", total)
                .setParameter("id", jobId)
                .executeUpdate();
        return find(jobId).orElseThrow();
    }

    /** Queues the next chunks of running replays while their previous chunks have mostly been sent. */
    @Scheduled(every = "1s", delayed = "1s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void queueChunks() {
        try {
            while (queueNextChunk()) {
                Log.debug("replay: chunk queued");
            }
        } catch (RuntimeException e) {
            Log.debugf("replay: no chunk queued (database unavailable?): %s", e);
        }
    }

    /** One chunk of one replay, in one transaction; false when no replay can take one now. */
    @Transactional
    boolean queueNextChunk() {
        @SuppressWarnings("unchecked")
        List<Object[]> jobs = entityManager.createNativeQuery("""
                SELECT j.id, j.from_time, j.to_time, j.feed_id, j.topic, c.first_seen_at, j.next_item_id
                FROM replay_job j LEFT JOIN item c ON c.id = j.next_item_id
                WHERE j.state = 'queued' AND NOT j.fully_queued
                  AND (SELECT count(*) FROM outbox_event e WHERE e.replay_job_id = j.id AND e.status = 'pending') < :chunk
                ORDER BY j.id
                LIMIT 1
                FOR UPDATE OF j SKIP LOCKED
                """).setParameter("chunk", chunk).getResultList();
        if (jobs.isEmpty()) {
            return false;
        }
        Object[] j = jobs.get(0);
        Optional<ItemQuery.Cursor> after = j[6] == null ? Optional.empty() : Optional.of(new ItemQuery.Cursor(instant(j[5]), (UUID) j[6]));
        Range range = new Range(((Number) j[0]).longValue(), instant(j[1]), instant(j[2]),
                j[3] == null ? null : ((Number) j[3]).longValue(), (String) j[4], after);
        List<UUID> ids = itemQuery.page(range.filter(), range.after(), chunk, ItemQuery.Order.OLDEST_FIRST).ids();
        if (!ids.isEmpty()) {
            queue(range.jobId(), ids);
            signal.afterCommit();
        }
        boolean last = ids.size() < chunk;
        entityManager.createNativeQuery("""
                UPDATE replay_job SET next_item_id = :next, fully_queued = :last, queued = queued + :queued,
                       total = CASE WHEN :last THEN queued + :queued ELSE total END
                WHERE id = :id
                """)
                .setParameter("next", ids.isEmpty() ? range.after().map(ItemQuery.Cursor::id).orElse(null) : ids.get(ids.size() - 1))
                .setParameter("last", last)
                .setParameter("queued", ids.size())
                .setParameter("id", range.jobId())
                .executeUpdate();
        return !ids.isEmpty();
    }

    /**
     * Rebuilds each item's event at its current revision; ce_time stays the original's while its row is kept.
     * The items are read with a share lock, in id order, and the copies take their outbox ids under
     * it: a poll or retag writing a newer revision of one of them waits for this chunk to commit and
     * takes later ids, so a copy of an older revision is never queued behind a newer one.
     */
    private void queue(long jobId, List<UUID> ids) {
        @SuppressWarnings("unchecked")
        List<Item> items = entityManager.createNativeQuery("SELECT * FROM item WHERE id = ANY(:ids) ORDER BY id FOR SHARE", Item.class)
                .setParameter("ids", ids.toArray(UUID[]::new))
                .getResultList();
        Map<Long, Feed> feeds = Feed.<Feed>list("id in ?1", items.stream().map(i -> i.feedId).distinct().toList())
                .stream().collect(Collectors.toMap(f -> f.id, Function.identity()));
        Map<UUID, EventType> types = new HashMap<>();
        Map<UUID, UUID> eventIds = new HashMap<>();
        for (Item item : items) {
            EventType type = item.revision == 1 ? EventType.CREATED : EventType.UPDATED;
            types.put(item.id, type);
            eventIds.put(item.id, Outbox.eventId(item.id, item.revision, type.ceType()));
        }
        @SuppressWarnings("unchecked")
        List<Object[]> originals = entityManager.createNativeQuery("""
                SELECT DISTINCT ON (event_id) event_id, created_at FROM outbox_event
                WHERE event_id = ANY(:ids) AND replay_job_id IS NULL ORDER BY event_id, id
                """).setParameter("ids", eventIds.values().toArray(UUID[]::new)).getResultList();
        Map<UUID, Instant> originalTimes = originals.stream()
                .collect(Collectors.toMap(r -> (UUID) r[0], r -> instant(r[1])));
        Instant now = Instant.now();
        List<OutboxEvent> rows = new ArrayList<>(items.size());
        for (Item item : items) {
            OutboxEvent row = outbox.row(types.get(item.id), item, feeds.get(item.feedId), List.of());
            row.createdAt = originalTimes.getOrDefault(row.eventId, item.firstSeenAt);
            row.queuedAt = now;
            row.nextAttemptAt = now;
            row.replayJobId = jobId;
            rows.add(row);
            entityManager.detach(item);
        }
        outbox.persist(rows);
    }

    @Transactional
    public Optional<Job> find(long id) {
        @SuppressWarnings("unchecked")
        var rows = (List<Object[]>) entityManager.createNativeQuery("""
                SELECT j.id, j.from_time, j.to_time, j.feed_id, j.topic, j.state, j.total, j.queued,
                       (SELECT count(*) FROM outbox_event e WHERE e.replay_job_id = j.id AND e.status = 'pending'),
                       (SELECT count(*) FROM outbox_event e WHERE e.replay_job_id = j.id AND e.status = 'dead'),
                       j.requested_at, j.cancelled_at, j.fully_queued
                FROM replay_job j WHERE j.id = :id
                """).setParameter("id", id).getResultList();
        return rows.stream().findFirst().map(Replays::job);
    }

    /** Stops a running replay: no further chunks, and its copies not yet sent are deleted (a finished one stays done). */
    @Transactional
    public Optional<Job> cancel(long id) {
        int updated = entityManager.createNativeQuery("""
                UPDATE replay_job SET state = 'cancelled', cancelled_at = now()
                WHERE id = :id AND state = 'queued'
                  AND (NOT fully_queued OR EXISTS (SELECT 1 FROM outbox_event e WHERE e.replay_job_id = :id AND e.status = 'pending'))
                """).setParameter("id", id).executeUpdate();
        if (updated == 1) {
            int dropped = entityManager.createNativeQuery("DELETE FROM outbox_event WHERE replay_job_id = :id AND status = 'pending'")
                    .setParameter("id", id)
                    .executeUpdate();
            entityManager.createNativeQuery("UPDATE replay_job SET queued = queued - :dropped WHERE id = :id")
                    .setParameter("dropped", dropped)
                    .setParameter("id", id)
                    .executeUpdate();
        }
        return find(id);
    }

    /** Sent copies are counted as queued minus pending minus dead, so retention pruning them does not undo progress. */
    private static Job job(Object[] r) {
        String state = (String) r[5];
        long queued = ((Number) r[7]).longValue();
        long pending = ((Number) r[8]).longValue();
        long dead = ((Number) r[9]).longValue();
        boolean fullyQueued = (Boolean) r[12];
        String shown = "cancelled".equals(state) ? "cancelled" : pending > 0 || !fullyQueued ? "running" : "done";
        return new Job(((Number) r[0]).longValue(), instant(r[1]), instant(r[2]),
                r[3] == null ? null : ((Number) r[3]).longValue(), (String) r[4], shown,
                ((Number) r[6]).longValue(), queued - pending - dead, pending, dead,
                instant(r[10]), instant(r[11]));
    }

    private static Instant instant(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof Instant instant) {
            return instant;
        }
        if (value instanceof java.time.OffsetDateTime odt) {
            return odt.toInstant();
        }
        if (value instanceof java.sql.Timestamp ts) {
            return ts.toInstant();
        }
        throw new IllegalStateException("unexpected timestamp type " + value.getClass());
    }
}
