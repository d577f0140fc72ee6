package org.newsingest.publish;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.runtime.configuration.DurationConverter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.RecordBatchTooLargeException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.SerializationException;
import org.newsingest.config.IngestConfig;

/**
 * Sends outbox rows to Kafka and marks each sent only after the broker acknowledged it on every
 * destination topic ({@link Routes}).
 *
 * <ul>
 *   <li>One relay thread claims rows in batches with a short lease ({@code FOR UPDATE SKIP LOCKED}),
 *       hands the whole batch to the producer, then awaits the acknowledgements, renewing the lease
 *       while it waits. Several replicas share the work; a crashed instance's rows come back when
 *       their lease ends (same ce_id). Three statements per batch, none per row.
 *   <li>It keeps claiming while full batches come back, and otherwise sleeps until a transaction
 *       that queued events commits ({@link OutboxSignal}) or {@code ingest.relay.tick} passes.
 *   <li>Only the oldest unsent event of an item can be claimed, so one item never has two events
 *       in flight: its events reach Kafka in revision order.
 *   <li>Every failure is classified ({@link #classify}): Kafka unreachable or busy (retriable) sends
 *       the batch back and pauses the relay, doubling from one second up to
 *       {@code ingest.relay.max-pause}; a record Kafka refuses for good becomes {@code dead}, alone;
 *       anything else (unauthorised, fenced, closed or unknown) sends the batch back, pauses the
 *       relay and replaces the producer. Only the {@code publishing} health group reports it.
 *   <li>On shutdown it stops claiming, waits up to {@code ingest.relay.shutdown-grace} for the
 *       batch in flight, releases what is unsettled so another replica sends it at once, and
 *       flushes and closes the producer.
 * </ul>
 */
@ApplicationScoped
public class OutboxRelay {

    /** What a failed send means for its row, and for the relay. */
    public enum Failure {
        /** Kafka is unreachable or busy: the row goes back, the relay backs off. */
        RETRIABLE,
        /** Kafka refuses this record for good: the row is dead, the others go on. */
        PERMANENT,
        /** The producer cannot go on (unauthorised, fenced, closed) or the error is unknown: pause and replace it. */
        FATAL
    }

    private final EntityManager entityManager;
    private final KafkaProducerProvider producers;
    private final Routes routes;
    private final IngestConfig config;
    private final RelayHealth health;
    private final OutboxSignal signal;
    private final Duration longestSettle;
    private final Duration tick;
    private final Duration renewEvery;
    private final Counter sent;
    private final Counter failed;
    private final Counter dead;
    private final Counter producerFailures;
    private final Timer freshness;

    /** The relay does not claim before this time (it is pausing after a failed batch). */
    private volatile Instant pausedUntil = Instant.EPOCH;
    /** When rows this relay sent back with a backoff become claimable again. */
    private volatile Instant retryAt = Instant.EPOCH;
    private volatile boolean stopping;
    private volatile long stopDeadline;
    private Thread thread;
    private int failedBatches;
    private boolean databaseFailing;

    OutboxRelay(EntityManager entityManager, KafkaProducerProvider producers, Routes routes, IngestConfig config,
                RelayHealth health, OutboxSignal signal, MeterRegistry metrics) {
        this.entityManager = entityManager;
        this.producers = producers;
        this.routes = routes;
        this.config = config;
        this.health = health;
        this.signal = signal;
        this.longestSettle = producers.longestSettle();
        this.tick = DurationConverter.parseDuration(config.relay().tick());
        this.renewEvery = config.relay().lease().dividedBy(3);
        this.sent = metrics.counter("ingest_outbox_sent_total");
        this.failed = metrics.counter("ingest_outbox_send_failures_total");
        this.dead = metrics.counter("ingest_outbox_dead_total");
        this.producerFailures = metrics.counter("ingest_relay_producer_recreated_total");
        this.freshness = Timer.builder("ingest_event_freshness")
                .description("from an item's first sight (its outbox row's created_at) to Kafka's acknowledgement of its event")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(10))
                .maximumExpectedValue(Duration.ofHours(1))
                .register(metrics);
    }

    void onStart(@Observes StartupEvent event) {
        thread = new Thread(this::run, "outbox-relay");
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * SIGTERM: stop claiming, let the batch in flight settle within the grace (its unsettled
     * rows are released for another replica), then flush and close the producer.
     */
    void onStop(@Observes ShutdownEvent event) {
        Duration grace = config.relay().shutdownGrace();
        stopDeadline = System.nanoTime() + grace.toNanos();
        stopping = true;
        signal.wake();
        if (thread != null) {
            try {
                thread.join(grace.plusSeconds(2).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        producers.close(Duration.ofSeconds(3));
        health.state(RelayHealth.State.STOPPED);
        Log.info("outbox: relay stopped, producer flushed and closed");
    }

    private void run() {
        int batch = config.relay().batchSize();
        while (!stopping) {
            try {
                Duration paused = Duration.between(Instant.now(), pausedUntil);
                if (!paused.isNegative() && !paused.isZero()) {
                    signal.await(paused.compareTo(tick) < 0 ? paused : tick);
                    continue;
                }
                int claimed = relayBatchOrFail();
                Instant now = Instant.now();
                if (claimed < batch && !stopping && !pausedUntil.isAfter(now)) {
                    // nothing more to claim now: sleep until a commit, the tick, or the first row backing off is due
                    Duration untilRetry = Duration.between(now, retryAt);
                    signal.await(untilRetry.isNegative() || untilRetry.compareTo(tick) > 0 ? tick : untilRetry);
                }
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private int relayBatchOrFail() {
        try {
            int claimed = relayBatch();
            if (databaseFailing) {
                databaseFailing = false;
                Log.info("outbox: database reachable again, relay resumed");
            }
            return claimed;
        } catch (RuntimeException e) {
            // The database is down or restarting: claimed rows stay claimed until their lease
            // ends and are then sent again (same ce_id). Log once per outage, not every tick.
            if (!databaseFailing) {
                databaseFailing = true;
                Log.warnf("outbox: relay cannot use the database, retrying every tick: %s", e);
            }
            return 0;
        }
    }

    /** Claims, sends and settles one batch; returns how many rows it claimed. */
    public int relayBatch() {
        if (stopping) {
            return 0;
        }
        List<OutboxEvent> rows = claim();
        if (rows.isEmpty()) {
            return 0;
        }
        Instant started = Instant.now();
        health.batchSent(started);
        try {
            settle(rows, send(rows), started);
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
                      -- (an index-only probe of outbox_pending_item_idx)
                      AND NOT EXISTS (SELECT 1 FROM outbox_event earlier
                                      WHERE earlier.item_id = e.item_id AND earlier.status = 'pending' AND earlier.id < e.id)
                    ORDER BY e.id
                    LIMIT :batch
                    FOR UPDATE SKIP LOCKED)
                RETURNING *
                """, OutboxEvent.class)
                .setParameter("leaseSeconds", config.relay().lease().toMillis() / 1000.0)
                .setParameter("batch", config.relay().batchSize())
                .getResultList();
        rows.sort((a, b) -> Long.compare(a.id, b.id));
        rows.forEach(entityManager::detach);
        return rows;
    }

    /**
     * Hands every row to the producer, one record per destination, without waiting; a row's
     * future completes when all its destinations acknowledged. Returns fewer futures than rows
     * when a send failed in a way that would fail every further send as well.
     */
    private List<CompletableFuture<Void>> send(List<OutboxEvent> rows) {
        List<CompletableFuture<Void>> acks = new ArrayList<>(rows.size());
        Producer<String, byte[]> producer;
        try {
            producer = producers.producer();
        } catch (RuntimeException e) {
            acks.add(CompletableFuture.failedFuture(e));
            return acks;
        }
        for (OutboxEvent row : rows) {
            List<String> destinations = routes.destinations(row.topics);
            CompletableFuture<?>[] copies = new CompletableFuture<?>[destinations.size()];
            for (int d = 0; d < copies.length; d++) {
                CompletableFuture<Void> copy = new CompletableFuture<>();
                copies[d] = copy;
                try {
                    producer.send(EventRecords.toRecord(destinations.get(d), row), (metadata, error) -> {
                        if (error == null) {
                            copy.complete(null);
                        } else {
                            copy.completeExceptionally(error);
                        }
                    });
                } catch (RuntimeException e) {
                    copy.completeExceptionally(e);
                }
            }
            CompletableFuture<Void> ack = CompletableFuture.allOf(copies);
            acks.add(ack);
            // send() reports most of its own failures (e.g. no metadata within max.block.ms)
            // through the callback before it returns, rather than by throwing. Either way, a
            // failure that is not the record's own means each further send would fail or block
            // as long again: the rows after this one are not tried.
            Throwable early = firstFailure(copies);
            if (early != null && classify(early) != Failure.PERMANENT) {
                break;
            }
        }
        return acks;
    }

    private void settle(List<OutboxEvent> rows, List<CompletableFuture<Void>> acks, Instant started) {
        awaitAll(rows, acks);
        List<OutboxEvent> delivered = new ArrayList<>();
        Map<OutboxEvent, Throwable> refused = new LinkedHashMap<>();
        List<Long> retry = new ArrayList<>();
        List<Long> untouched = new ArrayList<>();
        Throwable retriable = null;
        Throwable fatal = null;
        for (int i = 0; i < rows.size(); i++) {
            OutboxEvent row = rows.get(i);
            CompletableFuture<Void> ack = i < acks.size() ? acks.get(i) : null;
            if (ack == null) {
                untouched.add(row.id);
            } else if (!ack.isDone()) {
                // no outcome within the wait (or the shutdown grace): Kafka is not answering
                retry.add(row.id);
                retriable = retriable == null ? new TimeoutException("no acknowledgement within the relay's wait") : retriable;
            } else if (!ack.isCompletedExceptionally()) {
                delivered.add(row);
            } else {
                Throwable error = cause(ack);
                switch (classify(error)) {
                    case PERMANENT -> refused.put(row, error);
                    case RETRIABLE -> {
                        retry.add(row.id);
                        retriable = retriable == null ? error : retriable;
                    }
                    case FATAL -> {
                        retry.add(row.id);
                        fatal = fatal == null ? error : fatal;
                    }
                }
            }
        }
        markSent(delivered);
        markDead(refused);
        if (stopping) {
            // shutting down: no attempt is counted, another replica claims the rows at once
            untouched.addAll(retry);
            retry.clear();
        }
        Throwable reason = fatal != null ? fatal : retriable;
        boolean outage = !retry.isEmpty() && (fatal != null || delivered.isEmpty());
        Duration retryAfter = outage ? Duration.ZERO : backoff(1);
        release(retry, untouched, reason, retryAfter);
        if (!retry.isEmpty()) {
            retryAt = Instant.now().plus(retryAfter);
        }
        if (!delivered.isEmpty() && fatal == null) {
            failedBatches = 0;
        }
        if (fatal != null) {
            failed.increment(retry.size());
            producerFailures.increment();
            health.failed(fatal);
            Duration pause = pause(++failedBatches);
            pausedUntil = Instant.now().plus(pause);
            Log.warnf("outbox: the Kafka producer failed (%s); %d events go back to the outbox, the relay pauses %s and replaces the producer",
                    fatal, retry.size() + untouched.size(), pause);
            producers.recreate(fatal);
        } else if (outage) {
            health.unreachable(started, retriable);
            failed.increment(retry.size());
            Duration pause = pause(++failedBatches);
            pausedUntil = Instant.now().plus(pause);
            Log.warnf("outbox: Kafka unreachable, %d events go back to the outbox, relay pauses %s (outage for %ds): %s",
                    retry.size() + untouched.size(), pause, health.unreachableFor().toSeconds(), retriable);
        } else if (!retry.isEmpty()) {
            failed.increment(retry.size());
            Log.warnf("outbox: %d of %d events not acknowledged, retried after %s: %s", retry.size(), rows.size(), backoff(1), retriable);
        }
    }

    /**
     * Waits for every acknowledgement, up to the longest a batch can take (or the shutdown grace),
     * renewing the batch's lease every third of it so no other replica claims rows still in flight.
     */
    private void awaitAll(List<OutboxEvent> rows, List<CompletableFuture<Void>> acks) {
        CompletableFuture<Void> all = CompletableFuture.allOf(acks.stream()
                .map(ack -> ack.handle((ignored, error) -> null)).toArray(CompletableFuture<?>[]::new));
        long deadline = System.nanoTime() + longestSettle.toNanos();
        long renewAt = System.nanoTime() + renewEvery.toNanos();
        while (!all.isDone()) {
            long now = System.nanoTime();
            if (now >= deadline || (stopping && now >= stopDeadline)) {
                return;
            }
            if (now >= renewAt) {
                renewLease(rows, acks);
                renewAt = now + renewEvery.toNanos();
            }
            try {
                all.get(Math.min(250, Math.max(1, (deadline - now) / 1_000_000)), TimeUnit.MILLISECONDS);
            } catch (TimeoutException | ExecutionException e) {
                // keep waiting (the combined future never fails: each ack's failure is handled)
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void renewLease(List<OutboxEvent> rows, List<CompletableFuture<Void>> acks) {
        List<Long> waiting = new ArrayList<>();
        for (int i = 0; i < acks.size(); i++) {
            if (!acks.get(i).isDone()) {
                waiting.add(rows.get(i).id);
            }
        }
        try {
            extendLease(waiting);
        } catch (RuntimeException e) {
            Log.debugf("outbox: lease not renewed (database unavailable?): %s", e);
        }
    }

    @Transactional
    void extendLease(List<Long> ids) {
        if (ids.isEmpty()) {
            return;
        }
        entityManager.createNativeQuery("""
                UPDATE outbox_event SET claimed_until = now() + make_interval(secs => :leaseSeconds)
                WHERE id = ANY(:ids) AND status = 'pending'
                """)
                .setParameter("leaseSeconds", config.relay().lease().toMillis() / 1000.0)
                .setParameter("ids", ids.toArray(Long[]::new))
                .executeUpdate();
    }

    @Transactional
    void markSent(List<OutboxEvent> rows) {
        if (rows.isEmpty()) {
            return;
        }
        entityManager.createNativeQuery("""
                UPDATE outbox_event SET status = 'sent', sent_at = now(), claimed_until = NULL, last_error = NULL
                WHERE id = ANY(:ids) AND status = 'pending'
                """)
                .setParameter("ids", rows.stream().map(row -> row.id).toArray(Long[]::new))
                .executeUpdate();
        health.acknowledged();
        sent.increment(rows.size());
        Instant now = Instant.now();
        for (OutboxEvent row : rows) {
            if (row.replayJobId == null) {
                freshness.record(Duration.between(row.createdAt, now));
            }
        }
    }

    /** Rows Kafka refused for good: dead, each with its reason; rare, so one statement each. */
    @Transactional
    void markDead(Map<OutboxEvent, Throwable> rows) {
        rows.forEach((row, error) -> {
            entityManager.createNativeQuery("""
                    UPDATE outbox_event SET status = 'dead', attempts = attempts + 1, claimed_until = NULL, last_error = :error
                    WHERE id = :id AND status = 'pending'
                    """)
                    .setParameter("error", String.valueOf(error))
                    .setParameter("id", row.id)
                    .executeUpdate();
            dead.increment();
            Log.errorf("outbox: event %s (%s) of item %s can never be sent and is now dead: %s",
                    row.eventId, row.eventType, row.itemId, error);
        });
    }

    /**
     * Rows whose send failed ({@code attempted}, counted and claimable after {@code retryAfter})
     * and rows never handed to Kafka ({@code untouched}): claimable again at once, by any replica.
     */
    @Transactional
    void release(List<Long> attempted, List<Long> untouched, Throwable error, Duration retryAfter) {
        if (!attempted.isEmpty()) {
            entityManager.createNativeQuery("""
                    UPDATE outbox_event SET attempts = attempts + 1, claimed_until = NULL, last_error = :error,
                           next_attempt_at = now() + make_interval(secs => :retryAfter)
                    WHERE id = ANY(:ids) AND status = 'pending'
                    """)
                    .setParameter("ids", attempted.toArray(Long[]::new))
                    .setParameter("error", String.valueOf(error))
                    .setParameter("retryAfter", retryAfter.toMillis() / 1000.0)
                    .executeUpdate();
        }
        if (!untouched.isEmpty()) {
            entityManager.createNativeQuery("UPDATE outbox_event SET claimed_until = NULL WHERE id = ANY(:ids) AND status = 'pending'")
                    .setParameter("ids", untouched.toArray(Long[]::new))
                    .executeUpdate();
        }
    }

    /**
     * What a failed send means. Only errors known to be about the one record kill it; only
     * errors Kafka marks as retriable (and our own wait running out) are waited out; everything
     * else, the unknown included, is treated as a broken producer, which is the safe side: rows
     * are never killed by an error that might be the producer's, and never retried row by row.
     */
    public static Failure classify(Throwable error) {
        Throwable e = error;
        while ((e instanceof CompletionException || e instanceof ExecutionException) && e.getCause() != null) {
            e = e.getCause();
        }
        if (e instanceof RecordTooLargeException
                || e instanceof RecordBatchTooLargeException
                || e instanceof InvalidTopicException
                || e instanceof InvalidRecordException
                || e instanceof SerializationException) {
            return Failure.PERMANENT;
        }
        if (e instanceof RetriableException || e instanceof TimeoutException) {
            return Failure.RETRIABLE;
        }
        return Failure.FATAL;
    }

    private static Throwable firstFailure(CompletableFuture<?>[] copies) {
        for (CompletableFuture<?> copy : copies) {
            if (copy.isCompletedExceptionally()) {
                return cause(copy);
            }
        }
        return null;
    }

    private static Throwable cause(CompletableFuture<?> future) {
        try {
            future.join();
            return null;
        } catch (CompletionException e) {
            return e.getCause() == null ? e : e.getCause();
        } catch (RuntimeException e) {
            return e;
        }
    }

    private Duration backoff(int attempts) {
        Duration backoff = Duration.ofSeconds(1L << Math.min(attempts, 16));
        Duration max = config.relay().maxBackoff();
        return backoff.compareTo(max) > 0 ? max : backoff;
    }

    private Duration pause(int failures) {
        Duration pause = Duration.ofSeconds(1L << Math.min(failures - 1, 16));
        Duration max = config.relay().maxPause();
        return pause.compareTo(max) > 0 ? max : pause;
    }
}
