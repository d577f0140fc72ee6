package org.newsingest.publish;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.Optional;

/**
 * Re-publishes stored items' latest events, with their original event ids, for a new consumer or
 * a rebuilt downstream store. A replay queues a copy of each matching item's latest event in the
 * outbox in one statement (so it is never half-queued and survives a crash); the relay then sends
 * the copies like any event, after any older unsent event of the same item, so order per item
 * holds. Progress is the state of those copies; cancelling deletes the ones not yet sent.
 */
@ApplicationScoped
public class Replays {

    /** A replay and its progress. {@code state}: {@code running}, {@code done} or {@code cancelled}. */
    public record Job(long id, Instant from, Instant to, Long feedId, String topic, String state,
                      long total, long sent, long pending, long dead, Instant requestedAt, Instant cancelledAt) {}

    private final EntityManager entityManager;

    Replays(EntityManager entityManager) {
        this.entityManager = entityManager;
    }

    /**
     * Queues the latest event of every item whose latest event was created in [from, to),
     * optionally only items seen in feed {@code feedId} or tagged with {@code topic}. Items
     * whose latest event is dead (Kafka refused it) are skipped.
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
        StringBuilder sql = new StringBuilder("""
                INSERT INTO outbox_event (event_id, item_id, event_type, source, subject, topics, payload, created_at,
                                          status, attempts, next_attempt_at, queued_at, replay_job_id)
                SELECT e.event_id, e.item_id, e.event_type, e.source, e.subject, e.topics, e.payload, e.created_at,
                       'pending', 0, now(), now(), :job
                FROM outbox_event e
                WHERE e.replay_job_id IS NULL
                  AND e.status <> 'dead'
                  AND e.created_at >= :from AND e.created_at < :to
                  -- the item's latest original event
                  AND NOT EXISTS (SELECT 1 FROM outbox_event later
                                  WHERE later.item_id = e.item_id AND later.id > e.id AND later.replay_job_id IS NULL)
                """);
        feedId.ifPresent(f -> sql.append("  AND EXISTS (SELECT 1 FROM item_sighting s WHERE s.item_id = e.item_id AND s.feed_id = :feed)\n"));
        topic.ifPresent(t -> sql.append("  AND EXISTS (SELECT 1 FROM item i WHERE i.id = e.item_id AND i.topics @> jsonb_build_array(jsonb_build_object('id', CAST(:topic AS text))))\n"));
        sql.append("ORDER BY e.id");
        Query insert = entityManager.createNativeQuery(sql.toString())
                .setParameter("job", jobId)
                .setParameter("from", from)
                .setParameter("to", to);
        feedId.ifPresent(f -> insert.setParameter("feed", f));
        topic.ifPresent(t -> insert.setParameter("topic", t));
        int total = insert.executeUpdate();
        entityManager.createNativeQuery("UPDATE replay_job SET total = :total WHERE id = :id")
                .setParameter("total", total)
                .setParameter("id", jobId)
                .executeUpdate();
        return find(jobId).orElseThrow();
    }

    @Transactional
    public Optional<Job> find(long id) {
        @SuppressWarnings("unchecked")
        var rows = (java.util.List<Object[]>) entityManager.createNativeQuery("""
                SELECT j.id, j.from_time, j.to_time, j.feed_id, j.topic, j.state, j.total,
                       (SELECT count(*) FROM outbox_event e WHERE e.replay_job_id = j.id AND e.status = 'sent'),
                       (SELECT count(*) FROM outbox_event e WHERE e.replay_job_id = j.id AND e.status = 'pending'),
                       (SELECT count(*) FROM outbox_event e WHERE e.replay_job_id = j.id AND e.status = 'dead'),
                       j.requested_at, j.cancelled_at
                FROM replay_job j WHERE j.id = :id
                """).setParameter("id", id).getResultList();
        return rows.stream().findFirst().map(Replays::job);
    }

    /** Stops a running replay: its copies not yet sent are deleted (a finished one stays done). Empty if there is no such replay. */
    @Transactional
    public Optional<Job> cancel(long id) {
        int updated = entityManager.createNativeQuery("""
                UPDATE replay_job SET state = 'cancelled', cancelled_at = now()
                WHERE id = :id AND state = 'queued'
                  AND EXISTS (SELECT 1 FROM outbox_event e WHERE e.replay_job_id = :id AND e.status = 'pending')
                """).setParameter("id", id).executeUpdate();
        if (updated == 1) {
            entityManager.createNativeQuery("DELETE FROM outbox_event WHERE replay_job_id = :id AND status = 'pending'")
                    .setParameter("id", id)
                    .executeUpdate();
        }
        return find(id);
    }

    private static Job job(Object[] r) {
        String state = (String) r[5];
        long pending = ((Number) r[8]).longValue();
        String shown = "cancelled".equals(state) ? "cancelled" : pending > 0 ? "running" : "done";
        return new Job(((Number) r[0]).longValue(), instant(r[1]), instant(r[2]),
                r[3] == null ? null : ((Number) r[3]).longValue(), (String) r[4], shown,
                ((Number) r[6]).longValue(), ((Number) r[7]).longValue(), pending, ((Number) r[9]).longValue(),
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
