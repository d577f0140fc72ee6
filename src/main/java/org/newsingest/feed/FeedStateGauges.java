package org.newsingest.feed;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code ingest_feeds{state}}: subscribed feeds by state ({@code active}, {@code paused},
 * {@code failing}, {@code gone}), recounted every {@code ingest.metrics.feed-state-tick} with one
 * grouped query. Alert on {@code failing} growing, not on its absolute value.
 */
@ApplicationScoped
public class FeedStateGauges {

    private final EntityManager entityManager;
    private final Map<FeedState, AtomicLong> counts = new EnumMap<>(FeedState.class);

    FeedStateGauges(EntityManager entityManager, MeterRegistry metrics) {
        this.entityManager = entityManager;
        for (FeedState state : FeedState.values()) {
            AtomicLong count = new AtomicLong();
            counts.put(state, count);
            Gauge.builder("ingest_feeds", count, AtomicLong::get)
                    .description("subscribed feeds by state").tag("state", state.wireName()).register(metrics);
        }
    }

    @Scheduled(every = "{ingest.metrics.feed-state-tick}", delayed = "1s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void refresh() {
        try {
            refreshNow();
        } catch (RuntimeException e) {
            Log.debugf("feed states not counted (database unavailable?): %s", e.getMessage());
        }
    }

    @Transactional
    void refreshNow() {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = entityManager.createNativeQuery(
                "SELECT state, count(*) FROM feed WHERE deleted_at IS NULL GROUP BY state").getResultList();
        Map<FeedState, Long> found = new EnumMap<>(FeedState.class);
        rows.forEach(row -> found.put(FeedState.fromWireName((String) row[0]), ((Number) row[1]).longValue()));
        counts.forEach((state, count) -> count.set(found.getOrDefault(state, 0L)));
    }
}
