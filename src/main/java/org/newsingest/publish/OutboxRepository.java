package org.newsingest.publish;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.newsingest.schedule.ControlPool;

/**
 * The relay's SQL: claiming a batch under a lease, renewing it, and settling each row. Every
 * method is one short transaction; none holds a connection while Kafka is waited for.
 */
@ApplicationScoped
public class OutboxRepository {

    private final EntityManager entityManager;
    private final ControlPool control;

    OutboxRepository(EntityManager entityManager, ControlPool control) {
        this.entityManager = entityManager;
        this.control = control;
    }

    /**
     * Claims up to {@code rows} pending rows, oldest first, for {@code lease}, and no more payload
     * than {@code maxBytes} (the first row is always taken, however large, so no row is stuck).
     * Only the oldest unsent event of an item can be claimed, so one item never has two events in
     * flight: its events reach Kafka in the order of their ids, which writers take under the item's
     * row lock (publish.Outbox#persist).
     */
    @Transactional
    public List<OutboxEvent> claim(int rows, long maxBytes, Duration lease) {
        @SuppressWarnings("unchecked")
        List<OutboxEvent> claimed = entityManager.createNativeQuery("""
                UPDATE outbox_event SET claimed_until = now() + make_interval(secs => :leaseSeconds)
                WHERE id IN (
                    -- a running sum of payload bytes in claim order; FOR UPDATE cannot share a level with a window
                    SELECT id FROM (
                        SELECT id, row_number() OVER (ORDER BY id) AS place,
                               sum(octet_length(payload)) OVER (ORDER BY id) AS bytes
                        FROM (
                            SELECT e.id, e.payload FROM outbox_event e
                            WHERE e.status = 'pending'
                              AND e.next_attempt_at <= now()
                              AND (e.claimed_until IS NULL OR e.claimed_until < now())
                              -- one event per item at a time, oldest first (an index-only probe of outbox_pending_item_idx)
                              AND NOT EXISTS (SELECT 1 FROM outbox_event earlier
                                              WHERE earlier.item_id = e.item_id AND earlier.status = 'pending' AND earlier.id < e.id)
                            ORDER BY e.id
                            LIMIT :rows
                            FOR UPDATE SKIP LOCKED) locked
                        ) sized
                    WHERE place = 1 OR bytes <= :maxBytes)
                RETURNING *
                """, OutboxEvent.class)
                .setParameter("leaseSeconds", seconds(lease))
                .setParameter("rows", rows)
                .setParameter("maxBytes", maxBytes)
                .getResultList();
        claimed.sort((a, b) -> Long.compare(a.id, b.id));
        claimed.forEach(entityManager::detach);
        return claimed;
    }

    /**
     * Extends the lease of the rows {@code ids} still pending, on the control pool: the renewal
     * must not wait for a main-pool connection while polls hold them all.
     */
    public void extendLease(Collection<Long> ids, Duration lease) {
        if (ids.isEmpty()) {
            return;
        }
        control.inTransaction(connection -> {
            try (PreparedStatement renew = connection.prepareStatement("""
                    UPDATE outbox_event SET claimed_until = now() + make_interval(secs => ?)
                    WHERE id = ANY(?) AND status = 'pending'
                    """)) {
                renew.setDouble(1, seconds(lease));
                renew.setArray(2, connection.createArrayOf("bigint", ids.toArray()));
                return renew.executeUpdate();
            }
        });
    }

    @Transactional
    public void markSent(Collection<Long> ids) {
        if (ids.isEmpty()) {
            return;
        }
        entityManager.createNativeQuery("""
                UPDATE outbox_event SET status = 'sent', sent_at = now(), claimed_until = NULL, last_error = NULL
                WHERE id = ANY(:ids) AND status = 'pending'
                """)
                .setParameter("ids", ids.toArray(Long[]::new))
                .executeUpdate();
    }

    /**
     * Rows that are settled for good without being sent everywhere, each with its reason:
     * {@code dead} (Kafka refused the record) or {@code parked} (sent to the main topic, refused
     * by a routed one). Rare, so one statement each.
     */
    @Transactional
    public void markFinal(String status, Map<Long, String> reasons) {
        reasons.forEach((id, reason) -> entityManager.createNativeQuery("""
                UPDATE outbox_event SET status = :status, attempts = attempts + 1, claimed_until = NULL, last_error = :error
                WHERE id = :id AND status = 'pending'
                """)
                .setParameter("status", status)
                .setParameter("error", reason)
                .setParameter("id", id)
                .executeUpdate());
    }

    /**
     * Rows whose send failed, counted and claimable again after each one's own wait
     * ({@code retryAfter} by id), and rows never handed to Kafka ({@code untouched}): claimable
     * again at once, by any replica.
     */
    @Transactional
    public void release(Map<Long, Duration> retryAfter, Collection<Long> untouched, String error) {
        if (!retryAfter.isEmpty()) {
            Long[] ids = retryAfter.keySet().toArray(Long[]::new);
            Double[] waits = new Double[ids.length];
            for (int i = 0; i < ids.length; i++) {
                waits[i] = seconds(retryAfter.get(ids[i]));
            }
            entityManager.createNativeQuery("""
                    UPDATE outbox_event e SET attempts = e.attempts + 1, claimed_until = NULL, last_error = :error,
                           next_attempt_at = now() + make_interval(secs => r.wait)
                    FROM unnest(CAST(:ids AS bigint[]), CAST(:waits AS float8[])) AS r(id, wait)
                    WHERE e.id = r.id AND e.status = 'pending'
                    """)
                    .setParameter("ids", ids)
                    .setParameter("waits", waits)
                    .setParameter("error", error)
                    .executeUpdate();
        }
        if (!untouched.isEmpty()) {
            entityManager.createNativeQuery("UPDATE outbox_event SET claimed_until = NULL WHERE id = ANY(:ids) AND status = 'pending'")
                    .setParameter("ids", untouched.toArray(Long[]::new))
                    .executeUpdate();
        }
    }

    private static double seconds(Duration duration) {
        return duration.toMillis() / 1000.0;
    }
}
