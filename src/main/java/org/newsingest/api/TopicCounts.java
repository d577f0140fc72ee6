package org.newsingest.api;

import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.newsingest.config.IngestConfig;

/**
 * The item count per topic id that {@code GET /api/v1/topics} shows, recounted every
 * {@code ingest.api-read.topic-counts-refresh} instead of on every call: counting unpacks the topics
 * of every stored item, which no unauthenticated caller should be able to trigger at will.
 */
@ApplicationScoped
public class TopicCounts {

    private final EntityManager entityManager;
    private final double minScore;
    private final AtomicReference<Map<String, Long>> counts = new AtomicReference<>();

    TopicCounts(EntityManager entityManager, IngestConfig config) {
        this.entityManager = entityManager;
        this.minScore = config.topics().minScore();
    }

    /** The counts of the last recount; the first call counts once if no tick has yet. */
    Map<String, Long> current() {
        Map<String, Long> known = counts.get();
        return known != null ? known : recount();
    }

    @Scheduled(every = "{ingest.api-read.topic-counts-refresh}", delayed = "{ingest.api-read.topic-counts-refresh}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void onTick() {
        try {
            recount();
        } catch (RuntimeException e) {
            Log.debugf("topic counts not refreshed (database unavailable?): %s", e);
        }
    }

    /** Counts now, and keeps the result for the calls until the next recount. */
    Map<String, Long> recount() {
        Map<String, Long> fresh = QuarkusTransaction.requiringNew().call(() -> {
            @SuppressWarnings("unchecked")
            List<Object[]> rows = entityManager.createNativeQuery("""
                    SELECT t ->> 'id', count(*) FROM item, jsonb_array_elements(item.topics) t
                    WHERE CAST(t ->> 'score' AS double precision) >= :min GROUP BY 1""")
                    .setParameter("min", minScore)
                    .getResultList();
            Map<String, Long> byId = new HashMap<>();
            rows.forEach(row -> byId.put((String) row[0], ((Number) row[1]).longValue()));
            return Map.copyOf(byId);
        });
        counts.set(fresh);
        return fresh;
    }
}
