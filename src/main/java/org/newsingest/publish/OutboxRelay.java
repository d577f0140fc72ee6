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
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.SerializationException;
import org.newsingest.config.IngestConfig;

/**
 * Sends outbox rows to Kafka and marks each sent only after the broker acknowledged it.
 *
 * <ul>
 *   <li>Rows are claimed in batches with a lease ({@code FOR UPDATE SKIP LOCKED}), so several
 *       replicas share the work and a crashed instance's rows are picked up after the lease:
 *       at-least-once, with a stable event id ({@code ce_id}).
 *   <li>Only the oldest unsent event of an item can be claimed, so one item never has two events
 *       in flight: its events reach Kafka in revision order.
 *   <li>When Kafka cannot be reached, the rows go back unchanged and the whole relay pauses,
 *       doubling from one second up to {@code ingest.relay.max-pause}; readiness goes DOWN after
 *       {@code ingest.relay.unreachable-threshold} ({@link RelayHealth}).
 *   <li>A row Kafka refuses for good ({@code RecordTooLargeException} ...) becomes {@code dead},
 *       with a log line and a metric; the others keep flowing.
 * </ul>
 */
@ApplicationScoped
public class OutboxRelay {

    private final EntityManager entityManager;
    private final Producer<String, byte[]> producer;
    private final IngestConfig config;
    private final RelayHealth health;
    private final Duration longestSettle;
    private final Counter sent;
    private final Counter failed;
    private final Counter dead;

    /** The relay does not claim before this time (it is pausing after Kafka was unreachable). */
    private volatile Instant pausedUntil = Instant.EPOCH;
    private int outages;
    private boolean databaseFailing;

    OutboxRelay(EntityManager entityManager, Producer<String, byte[]> producer, IngestConfig config, RelayHealth health,
                KafkaProducerProvider producers, MeterRegistry metrics) {
        this.entityManager = entityManager;
        this.producer = producer;
        this.config = config;
        this.health = health;
        this.longestSettle = producers.longestSettle();
        this.sent = metrics.counter("ingest_outbox_sent_total");
        this.failed = metrics.counter("ingest_outbox_send_failures_total");
        this.dead = metrics.counter("ingest_outbox_dead_total");
    }

    @Scheduled(every = "{ingest.relay.tick}", delayed = "1s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void tick() {
        int batch = config.relay().batchSize();
        try {
            while (Instant.now().isAfter(pausedUntil) && relayBatch() == batch) {
                Log.debugf("outbox: full batch of %d handled, continuing", batch);
            }
            if (databaseFailing) {
                databaseFailing = false;
                Log.info("outbox: database reachable again, relay resumed");
            }
        } catch (RuntimeException e) {
            // The database is down or restarting: claimed rows stay claimed until their lease
            // ends and are then sent again (same ce_id). Log once per outage, not every tick.
            if (!databaseFailing) {
                databaseFailing = true;
                Log.warnf("outbox: relay cannot use the database, retrying every tick: %s", e);
            }
        }
    }

    /** Claims, sends and settles one batch; returns how many rows it claimed. */
    public int relayBatch() {
        List<OutboxEvent> rows = claim();
        if (rows.isEmpty()) {
            return 0;
        }
        Instant started = Instant.now();
        health.batchSent(started);
        List<CompletableFuture<Void>> acks = new ArrayList<>(rows.size());
        int tried = rows.size();
        for (OutboxEvent row : rows) {
            CompletableFuture<Void> ack = new CompletableFuture<>();
            acks.add(ack);
            try {
                producer.send(EventRecords.toRecord(config.kafkaTopic(), row), (metadata, error) -> {
                    if (error == null) {
                        health.acknowledged();
                        ack.complete(null);
                    } else {
                        ack.completeExceptionally(error);
                    }
                });
            } catch (RuntimeException e) {
                ack.completeExceptionally(e);
            }
            // send() reports most of its own failures (e.g. no metadata within max.block.ms)
            // through the callback before it returns, rather than by throwing. Either way, a
            // failure that is not the row's own means the broker is unreachable, and each
            // further send would block as long again: the rows after this one are not tried.
            Throwable early = ack.isCompletedExceptionally() ? ack.handle((ignored, error) -> error).join() : null;
            if (early != null && !isPermanent(early)) {
                tried = acks.size();
                break;
            }
        }
        try {
            settle(rows, acks, tried, started);
        } finally {
            health.batchSettled();
        }
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

    private void settle(List<OutboxEvent> rows, List<CompletableFuture<Void>> acks, int tried, Instant started) {
        long deadline = System.nanoTime() + longestSettle.toNanos();
        List<Long> delivered = new ArrayList<>();
        List<Long> unreachable = new ArrayList<>();
        List<Long> notTried = new ArrayList<>();
        Throwable outage = null;
        for (int i = 0; i < rows.size(); i++) {
            OutboxEvent row = rows.get(i);
            if (i >= tried) {
                notTried.add(row.id);
                continue;
            }
            try {
                acks.get(i).get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                delivered.add(row.id);
            } catch (ExecutionException e) {
                Throwable error = e.getCause();
                if (error instanceof RetriableException) {
                    unreachable.add(row.id);
                    outage = error;
                } else {
                    recordFailure(row, error);
                }
            } catch (TimeoutException e) {
                unreachable.add(row.id);
                outage = e;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return; // shutting down: the lease runs out and the rows are sent again
            }
        }
        markSent(delivered);
        if (!delivered.isEmpty()) {
            outages = 0;
        }
        if (!unreachable.isEmpty() || !notTried.isEmpty()) {
            release(unreachable, notTried, outage);
        }
        if (outage != null && delivered.isEmpty()) {
            health.unreachable(started, outage);
            failed.increment(unreachable.size());
            Duration pause = pause(++outages);
            pausedUntil = Instant.now().plus(pause);
            Log.warnf("outbox: Kafka unreachable, %d events go back to the outbox, relay pauses %s (outage for %ds): %s",
                    unreachable.size() + notTried.size(), pause, health.unreachableFor().toSeconds(), outage);
        }
    }

    @Transactional
    void markSent(List<Long> ids) {
        if (ids.isEmpty()) {
            return;
        }
        entityManager.createNativeQuery("""
                UPDATE outbox_event SET status = 'sent', sent_at = now(), claimed_until = NULL, last_error = NULL
                WHERE id = ANY(:ids) AND status = 'pending'
                """)
                .setParameter("ids", ids.toArray(Long[]::new))
                .executeUpdate();
        sent.increment(ids.size());
    }

    /** Kafka could not be reached: the rows are claimable again as soon as the relay resumes. */
    @Transactional
    void release(List<Long> attempted, List<Long> notTried, Throwable error) {
        if (!attempted.isEmpty()) {
            entityManager.createNativeQuery("""
                    UPDATE outbox_event SET attempts = attempts + 1, claimed_until = NULL, last_error = :error
                    WHERE id = ANY(:ids) AND status = 'pending'
                    """)
                    .setParameter("ids", attempted.toArray(Long[]::new))
                    .setParameter("error", String.valueOf(error))
                    .executeUpdate();
        }
        if (!notTried.isEmpty()) {
            entityManager.createNativeQuery("UPDATE outbox_event SET claimed_until = NULL WHERE id = ANY(:ids) AND status = 'pending'")
                    .setParameter("ids", notTried.toArray(Long[]::new))
                    .executeUpdate();
        }
    }

    /** A failure of this one row: dead if no retry can help, else retried after its own backoff. */
    @Transactional
    void recordFailure(OutboxEvent row, Throwable error) {
        boolean permanent = isPermanent(error);
        int attempts = row.attempts + 1;
        Instant retryAt = Instant.now().plus(backoff(attempts));
        entityManager.createNativeQuery("""
                UPDATE outbox_event SET status = :status, attempts = :attempts, next_attempt_at = :retryAt,
                       claimed_until = NULL, last_error = :error
                WHERE id = :id AND status = 'pending'
                """)
                .setParameter("status", permanent ? OutboxEvent.DEAD : OutboxEvent.PENDING)
                .setParameter("attempts", attempts)
                .setParameter("retryAt", retryAt)
                .setParameter("error", String.valueOf(error))
                .setParameter("id", row.id)
                .executeUpdate();
        if (permanent) {
            dead.increment();
            Log.errorf("outbox: event %s (%s) of item %s can never be sent and is now dead: %s",
                    row.eventId, row.eventType, row.itemId, error);
        } else {
            failed.increment();
            Log.warnf("outbox: event %s of item %s not sent (attempt %d), retry at %s: %s", row.eventId, row.itemId, attempts, retryAt, error);
        }
    }

    /** Errors that no retry can fix: the record itself is unacceptable to the broker. */
    static boolean isPermanent(Throwable error) {
        return error instanceof RecordTooLargeException
                || error instanceof SerializationException
                || error instanceof InvalidTopicException;
    }

    private Duration backoff(int attempts) {
        Duration backoff = Duration.ofSeconds(1L << Math.min(attempts, 16));
        Duration max = config.relay().maxBackoff();
        return backoff.compareTo(max) > 0 ? max : backoff;
    }

    private Duration pause(int outages) {
        Duration pause = Duration.ofSeconds(1L << Math.min(outages - 1, 16));
        Duration max = config.relay().maxPause();
        return pause.compareTo(max) > 0 ? max : pause;
    }
}
