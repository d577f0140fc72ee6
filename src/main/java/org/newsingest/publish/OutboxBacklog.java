package org.newsingest.publish;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The outbox backlog as gauges, refreshed every {@code ingest.relay.backlog-tick} (one indexed
 * query, not one per scrape): {@code ingest_outbox_backlog} (rows waiting),
 * {@code ingest_outbox_backlog_age_seconds} (how long the oldest has waited) and
 * {@code ingest_outbox_dead_rows} (rows that can never be sent). Alert on age, not on size.
 */
@ApplicationScoped
public class OutboxBacklog {

    private final EntityManager entityManager;
    private final AtomicLong pending = new AtomicLong();
    private final AtomicLong ageSeconds = new AtomicLong();
    private final AtomicLong dead = new AtomicLong();

    OutboxBacklog(EntityManager entityManager, MeterRegistry metrics) {
        this.entityManager = entityManager;
        Gauge.builder("ingest_outbox_backlog", pending, AtomicLong::get)
                .description("outbox events waiting to be sent").register(metrics);
        Gauge.builder("ingest_outbox_backlog_age_seconds", ageSeconds, AtomicLong::get)
                .description("how long the oldest unsent outbox event has waited").baseUnit("seconds").register(metrics);
        Gauge.builder("ingest_outbox_dead_rows", dead, AtomicLong::get)
                .description("outbox events Kafka refused for good (status dead)").register(metrics);
    }

    @Scheduled(every = "{ingest.relay.backlog-tick}", delayed = "1s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void refresh() {
        try {
            refreshNow();
        } catch (RuntimeException e) {
            Log.debugf("outbox backlog not measured (database unavailable?): %s", e.getMessage());
        }
    }

    @Transactional
    void refreshNow() {
        Object[] waiting = (Object[]) entityManager.createNativeQuery("""
                SELECT count(*), COALESCE(EXTRACT(EPOCH FROM now() - min(queued_at)), 0)
                FROM outbox_event WHERE status = 'pending'
                """).getSingleResult();
        pending.set(((Number) waiting[0]).longValue());
        ageSeconds.set(((Number) waiting[1]).longValue());
        dead.set(((Number) entityManager.createNativeQuery("SELECT count(*) FROM outbox_event WHERE status = 'dead'")
                .getSingleResult()).longValue());
    }
}
