package org.newsingest.publish;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Duration;
import org.newsingest.config.IngestConfig;
import org.newsingest.store.BatchedDelete;

/**
 * Prunes sent outbox rows older than {@code ingest.relay.retention}, every
 * {@code ingest.relay.retention-tick}, in batches of {@value #BATCH} rows per transaction so the
 * outbox never takes a long lock or a long transaction. Pending and dead rows are kept: the first
 * still have to go out, the second are for an operator to look at. Replays do not need the pruned
 * rows: they rebuild events from the item store ({@link Replays}).
 */
@ApplicationScoped
public class OutboxRetention {

    /** Rows deleted per transaction: about 40 MB of payload, well under a second on the spike machine. */
    static final int BATCH = 10_000;

    private final EntityManager entityManager;
    private final Duration retention;
    private final Counter pruned;

    OutboxRetention(EntityManager entityManager, IngestConfig config, MeterRegistry metrics) {
        this.entityManager = entityManager;
        this.retention = config.relay().retention();
        this.pruned = metrics.counter("ingest_outbox_pruned_total");
    }

    @Scheduled(every = "{ingest.relay.retention-tick}", delayed = "30s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void prune() {
        try {
            long total = BatchedDelete.untilDone(this::pruneBatch, BATCH);
            if (total > 0) {
                Log.infof("outbox: pruned %d sent events older than %s", total, retention);
            }
        } catch (RuntimeException e) {
            Log.debugf("outbox: not pruned (database unavailable?): %s", e);
        }
    }

    /** Deletes up to {@link #BATCH} of the oldest sent rows past the retention; returns how many. */
    @Transactional
    public int pruneBatch() {
        int deleted = entityManager.createNativeQuery("""
                DELETE FROM outbox_event WHERE id IN (
                    SELECT id FROM outbox_event
                    WHERE status = 'sent' AND sent_at < now() - make_interval(secs => :retentionSeconds)
                    ORDER BY sent_at
                    LIMIT :batch)
                """)
                .setParameter("retentionSeconds", (double) retention.toSeconds())
                .setParameter("batch", BATCH)
                .executeUpdate();
        pruned.increment(deleted);
        return deleted;
    }
}
