package org.newsingest.store;

import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

/**
 * Deletes the band keys of items older than the similarity window: the store never compares them
 * again, and without pruning {@code story_band} would grow by twelve rows per item forever. Also
 * the lock rows of band keys no document took in the last hour ({@code story_band_guard},
 * {@link StoryLocks}): a row only matters while a transaction holds it, and a document that takes
 * a deleted key again inserts it again. Hourly, in batches of {@value #BATCH} rows per transaction,
 * so it never holds a long lock.
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
            BatchedDelete.untilDone(this::pruneGuardBatch, BATCH);
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

    /** Deletes up to {@link #BATCH} lock rows of band keys not taken for an hour; returns how many. */
    @Transactional
    public int pruneGuardBatch() {
        return entityManager.createNativeQuery("""
                DELETE FROM story_band_guard WHERE band = ANY(ARRAY(
                    SELECT band FROM story_band_guard WHERE taken_at < now() - interval '1 hour' LIMIT :batch))
                """)
                .setParameter("batch", BATCH)
                .executeUpdate();
    }
}
