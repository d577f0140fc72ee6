package org.newsingest.publish;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.SerializationException;
import org.newsingest.config.IngestConfig;

/**
 * Sends outbox rows to Kafka and marks each sent only after the broker acknowledged it. Rows are
 * claimed with a lease ({@code SKIP LOCKED}), so several replicas share the work and a crashed
 * instance's rows are picked up again after the lease: at-least-once, with a stable event id.
 */
@ApplicationScoped
public class OutboxRelay {

    private final EntityManager entityManager;
    private final Producer<String, byte[]> producer;
    private final IngestConfig config;
    private final Counter sent;
    private final Counter failed;
    private final Counter dead;

    OutboxRelay(EntityManager entityManager, Producer<String, byte[]> producer, IngestConfig config, MeterRegistry metrics) {
        this.entityManager = entityManager;
        this.producer = producer;
        this.config = config;
        this.sent = metrics.counter("ingest_outbox_sent_total");
        this.failed = metrics.counter("ingest_outbox_send_failures_total");
        this.dead = metrics.counter("ingest_outbox_dead_total");
    }

    @Scheduled(every = "{ingest.relay.tick}", delayed = "1s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void tick() {
        int batch = config.relay().batchSize();
        while (relayBatch() == batch) {
            Log.debugf("outbox: full batch of %d sent, continuing", batch);
        }
    }

    /** Claims, sends and settles one batch; returns how many rows it claimed. */
    public int relayBatch() {
        List<OutboxEvent> rows = claim();
        if (rows.isEmpty()) {
            return 0;
        }
        List<CompletableFuture<Void>> acks = new ArrayList<>(rows.size());
        for (OutboxEvent row : rows) {
            CompletableFuture<Void> ack = new CompletableFuture<>();
            try {
                producer.send(EventRecords.toRecord(config.kafkaTopic(), row), (metadata, error) -> {
                    if (error == null) {
                        ack.complete(null);
                    } else {
                        ack.completeExceptionally(error);
                    }
                });
            } catch (RuntimeException e) {
                ack.completeExceptionally(e);
            }
            acks.add(ack);
        }
        settle(rows, acks);
        return rows.size();
    }

    @Transactional
    List<OutboxEvent> claim() {
        @SuppressWarnings("unchecked")
        List<OutboxEvent> rows = entityManager.createNativeQuery("""
                UPDATE outbox_event SET claimed_until = now() + make_interval(secs => :leaseSeconds)
                WHERE id IN (
                    SELECT e.id FROM outbox_event e
                    WHERE e.status = 'pending'
                      AND e.next_attempt_at <= now()
                      AND (e.claimed_until IS NULL OR e.claimed_until < now())
                      -- one event per item at a time, oldest first: keeps revisions in order per key
                      AND NOT EXISTS (SELECT 1 FROM outbox_event earlier
                                      WHERE earlier.item_id = e.item_id AND earlier.status = 'pending' AND earlier.id < e.id)
                    ORDER BY e.id
                    LIMIT :batch
                    FOR UPDATE SKIP LOCKED)
                RETURNING *
                """, OutboxEvent.class)
                .setParameter("leaseSeconds", config.relay().lease().toSeconds())
                .setParameter("batch", config.relay().batchSize())
                .getResultList();
        rows.sort((a, b) -> Long.compare(a.id, b.id));
        rows.forEach(entityManager::detach);
        return rows;
    }

    private void settle(List<OutboxEvent> rows, List<CompletableFuture<Void>> acks) {
        // delivery.timeout.ms bounds every send; the margin covers the callback's hop.
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        List<Long> delivered = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            OutboxEvent row = rows.get(i);
            try {
                acks.get(i).get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                delivered.add(row.id);
            } catch (ExecutionException e) {
                recordFailure(row, e.getCause());
            } catch (TimeoutException e) {
                recordFailure(row, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        markSent(delivered);
    }

    @Transactional
    void markSent(List<Long> ids) {
        if (ids.isEmpty()) {
            return;
        }
        entityManager.createNativeQuery("""
                UPDATE outbox_event SET status = 'sent', sent_at = now(), claimed_until = NULL, last_error = NULL
                WHERE id = ANY(:ids)
                """)
                .setParameter("ids", ids.toArray(Long[]::new))
                .executeUpdate();
        sent.increment(ids.size());
    }

    @Transactional
    void recordFailure(OutboxEvent row, Throwable error) {
        boolean permanent = isPermanent(error);
        int attempts = row.attempts + 1;
        Instant retryAt = Instant.now().plus(backoff(attempts));
        entityManager.createNativeQuery("""
                UPDATE outbox_event SET status = :status, attempts = :attempts, next_attempt_at = :retryAt,
                       claimed_until = NULL, last_error = :error
                WHERE id = :id
                """)
                .setParameter("status", permanent ? OutboxEvent.DEAD : OutboxEvent.PENDING)
                .setParameter("attempts", attempts)
                .setParameter("retryAt", retryAt)
                .setParameter("error", String.valueOf(error))
                .setParameter("id", row.id)
                .executeUpdate();
        if (permanent) {
            dead.increment();
            Log.errorf("outbox: event %s of item %s can never be sent and is now dead: %s", row.eventId, row.itemId, error);
        } else {
            failed.increment();
            Log.warnf("outbox: event %s of item %s not sent (attempt %d), retry at %s: %s", row.eventId, row.itemId, attempts, retryAt, error);
        }
    }

    /** Errors that no retry can fix: the record itself is unacceptable to the broker. */
    private static boolean isPermanent(Throwable error) {
        return error instanceof RecordTooLargeException
                || error instanceof SerializationException
                || error instanceof InvalidTopicException;
    }

    private Duration backoff(int attempts) {
        Duration backoff = Duration.ofSeconds(1L << Math.min(attempts, 16));
        Duration max = config.relay().maxBackoff();
        return backoff.compareTo(max) > 0 ? max : backoff;
    }
}
