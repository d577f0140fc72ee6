package org.newsingest.store;

import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

/**
 * Deletes the band keys of items older than the similarity window: the store never compares them
 * again, and without pruning {@code story_band} would grow by twelve rows per item forever. Hourly,
 * in batches of {@value #BATCH} rows per transaction, so it never holds a long lock.
 */
@ApplicationScoped
public class StoryBandRetention {

    /** Rows deleted per transaction: about a thousand items' keys, a few tens of milliseconds. */
    static final int BATCH = 10_000;

    private final EntityManager entityManager;

    StoryBandRetention(EntityManager entityManager) {
        this.entityManager = entityManager;
    }

    /** Hourly: the keys are only read within the window, so an hour's lag costs a few rows and no decision. */
    @Scheduled(every = "1h", delayed = "60s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void prune() {
        try {
            long total = BatchedDelete.untilDone(this::pruneBatch, BATCH);
            if (total > 0) {
                Log.infof("story bands: pruned %d keys of items older than %d days", total, ItemStore.SIMILARITY_WINDOW_DAYS);
            }
        } catch (RuntimeException e) {
            Log.debugf("story bands: not pruned (database unavailable?): %s", e);
        }
    }

    /** Deletes up to {@link #BATCH} keys of items first seen before the window; returns how many. */
    @Transactional
    public int pruneBatch() {
        return entityManager.createNativeQuery("""
                DELETE FROM story_band WHERE ctid = ANY(ARRAY(
                    SELECT ctid FROM story_band
                    WHERE first_seen_at < now() - make_interval(days => :days)
                    LIMIT :batch))
                """)
                .setParameter("days", ItemStore.SIMILARITY_WINDOW_DAYS)
                .setParameter("batch", BATCH)
                .executeUpdate();
    }
}
