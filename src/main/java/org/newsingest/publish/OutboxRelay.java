package org.newsingest.publish;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.Producer;
import org.newsingest.config.IngestConfig;
import org.newsingest.schedule.Backoff;
import org.newsingest.schedule.GracefulStop;

/**
 * Sends outbox rows to Kafka and marks each sent only after the broker acknowledged it on every
 * destination topic ({@link Routes}).
 *
 * <ul>
 *   <li>One relay thread claims rows in batches ({@link OutboxRepository#claim}: at most
 *       {@code ingest.relay.batch-size} rows and {@code ingest.relay.max-batch-bytes} of payload)
 *       with a short lease, hands the whole batch to the producer, then awaits the acknowledgements.
 *       A timer renews the lease from the claim to the settlement, while sends block as well as
 *       while acknowledgements are awaited. Several replicas share the work; a crashed instance's
 *       rows come back when their lease ends (same ce_id).
 *   <li>It keeps claiming while claims return rows, and otherwise sleeps until a transaction
 *       that queued events commits ({@link OutboxSignal}) or {@code ingest.relay.tick} passes.
 *   <li>Only the oldest unsent event of an item can be claimed, so one item never has two events
 *       in flight: its events reach Kafka in revision order.
 *   <li>What a batch comes to is decided by {@link BatchOutcome} from the acknowledgements: Kafka
 *       unreachable or busy (retriable) sends the rows back, each after its own backoff from its
 *       attempts (doubling from 2 s up to {@code ingest.relay.max-backoff}), or, when nothing got
 *       through, pauses the relay, doubling from one second up to {@code ingest.relay.max-pause};
 *       a record Kafka refuses for good becomes {@code dead}, alone; a record a routed topic refuses
 *       (no ACL, too large there) is {@code parked}, alone, and the main topic keeps flowing;
 *       anything else (unauthorised, fenced, closed or unknown) sends the batch back, pauses the
 *       relay and replaces the producer. Only the {@code publishing} health group reports it.
 *   <li>On shutdown ({@code schedule.ShutdownCoordinator}) it stops claiming at once, lets the
 *       batch in flight settle within the shared deadline, releases what is unsettled so another
 *       replica sends it at once, and flushes and closes the producer.
 * </ul>
 */
@ApplicationScoped
public class OutboxRelay implements GracefulStop {

    private final OutboxRepository outbox;
    private final KafkaProducerProvider producers;
    private final Routes routes;
    private final IngestConfig.Relay config;
    private final long maxBatchBytes;
    private final RelayHealth health;
    private final OutboxSignal signal;
    private final MeterRegistry metrics;
    private final Duration longestSettle;
    private final Duration tick;
    private final Duration renewEvery;
    private final Counter sent;
    private final Counter failed;
    private final Counter dead;
    private final Counter producerFailures;
    private final Timer freshness;
    /** Renews the lease of the batch in flight while the relay thread sends or waits, so a blocked send() cannot let it lapse. */
    private final ScheduledExecutorService leaseRenewal;

    /** The relay does not claim before this time (it is pausing after a failed batch). */
    private volatile Instant pausedUntil = Instant.EPOCH;
    /** When rows this relay sent back with a backoff become claimable again. */
    private volatile Instant retryAt = Instant.EPOCH;
    private volatile boolean stopping;
    private volatile long stopDeadline;
    private Thread thread;
    private int failedBatches;
    private boolean databaseFailing;

    OutboxRelay(OutboxRepository outbox, KafkaProducerProvider producers, Routes routes, IngestConfig config, RelayLimits limits,
                RelayHealth health, OutboxSignal signal, MeterRegistry metrics) {
        this.outbox = outbox;
        this.producers = producers;
        this.routes = routes;
        this.config = config.relay();
        this.maxBatchBytes = limits.maxBatchBytes();
        this.health = health;
        this.signal = signal;
        this.metrics = metrics;
        this.longestSettle = producers.longestSettle();
        this.tick = this.config.tick();
        this.renewEvery = this.config.lease().dividedBy(3);
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
        this.leaseRenewal = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread renewer = new Thread(runnable, "outbox-lease-renewal");
            renewer.setDaemon(true);
            return renewer;
        });
    }

    void onStart(@Observes StartupEvent event) {
        thread = new Thread(this::run, "outbox-relay");
        thread.setDaemon(true);
        thread.start();
    }

    /** The first step of shutdown: claim nothing more; the batch in flight goes on. */
    @Override
    public void stopClaiming(long deadlineNanos) {
        stopDeadline = deadlineNanos;
        stopping = true;
        signal.wake();
    }

    /**
     * The second step: let the batch in flight settle until the earlier of {@code deadlineNanos}
     * and {@code ingest.relay.shutdown-grace} (its unsettled rows are released for another
     * replica), then flush and close the producer.
     */
    @Override
    public void drain(long deadlineNanos) {
        long graceEnd = System.nanoTime() + config.shutdownGrace().toNanos();
        stopDeadline = Math.min(deadlineNanos, graceEnd);
        if (thread != null) {
            try {
                thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime())));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        leaseRenewal.shutdownNow();
        producers.close(Duration.ofMillis(Math.max(0, Math.min(3_000, TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime())))));
        health.state(RelayHealth.State.STOPPED);
        Log.info("outbox: relay stopped, producer flushed and closed");
    }

    private void run() {
        while (!stopping) {
            try {
                Duration paused = Duration.between(Instant.now(), pausedUntil);
                if (!paused.isNegative() && !paused.isZero()) {
                    signal.await(paused.compareTo(tick) < 0 ? paused : tick);
                    continue;
                }
                int claimed = relayBatchOrFail();
                Instant now = Instant.now();
                if (claimed == 0 && !stopping && !pausedUntil.isAfter(now)) {
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

    /**
     * Claims, sends and settles one batch; returns how many rows it claimed. The batch's lease is
     * renewed every third of it from the claim to the settlement, on a timer of its own: a send()
     * blocked on a full producer buffer holds the relay thread, not the renewal.
     */
    public int relayBatch() {
        if (stopping) {
            return 0;
        }
        List<OutboxEvent> rows = outbox.claim(config.batchSize(), maxBatchBytes, config.lease());
        if (rows.isEmpty()) {
            return 0;
        }
        List<Long> ids = rows.stream().map(row -> row.id).toList();
        ScheduledFuture<?> renewal = leaseRenewal.scheduleWithFixedDelay(() -> renewLease(ids),
                renewEvery.toMillis(), renewEvery.toMillis(), TimeUnit.MILLISECONDS);
        Instant started = Instant.now();
        health.batchSent(started);
        try {
            List<RowSend> sends = send(rows);
            awaitAll(sends);
            renewal.cancel(false);
            settle(rows, sends, started);
        } finally {
            renewal.cancel(false);
            health.batchSettled();
        }
        return rows.size();
    }

    private void renewLease(List<Long> ids) {
        try {
            outbox.extendLease(ids, config.lease());
        } catch (RuntimeException e) {
            Log.debugf("outbox: lease not renewed (database unavailable?): %s", e);
        }
    }

    /**
     * Hands every row to the producer, one record per destination, without waiting. Returns fewer
     * sends than rows when a send failed in a way that would fail every further send as well.
     */
    private List<RowSend> send(List<OutboxEvent> rows) {
        List<RowSend> sends = new ArrayList<>(rows.size());
        Producer<String, byte[]> producer;
        try {
            producer = producers.producer();
        } catch (RuntimeException e) {
            sends.add(new RowSend(Map.of(routes.mainTopic(), CompletableFuture.failedFuture(e))));
            return sends;
        }
        for (OutboxEvent row : rows) {
            Map<String, CompletableFuture<Void>> copies = new LinkedHashMap<>();
            for (String destination : routes.destinations(row.topics)) {
                CompletableFuture<Void> copy = new CompletableFuture<>();
                copies.put(destination, copy);
                try {
                    producer.send(EventRecords.toRecord(destination, row), (metadata, error) -> {
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
            RowSend send = new RowSend(copies);
            sends.add(send);
            // send() reports most of its own failures (e.g. no metadata within max.block.ms)
            // through the callback before it returns, rather than by throwing. A failure that is
            // not the record's own, nor a routed topic's alone, means each further send would fail
            // or block as long again: the rows after this one are not tried.
            Map<String, Throwable> failedAlready = send.failures();
            if (!failedAlready.isEmpty() && BatchOutcome.of(List.of(row), List.of(new BatchOutcome.Ack.Answered(failedAlready)),
                    routes.mainTopic(), false, config.maxBackoff()).retried() > 0) {
                break;
            }
        }
        return sends;
    }

    private void settle(List<OutboxEvent> rows, List<RowSend> sends, Instant started) {
        List<BatchOutcome.Ack> acks = new ArrayList<>(rows.size());
        for (int i = 0; i < rows.size(); i++) {
            acks.add(i < sends.size() ? sends.get(i).ack() : new BatchOutcome.Ack.NotSent());
        }
        BatchOutcome outcome = BatchOutcome.of(rows, acks, routes.mainTopic(), stopping, config.maxBackoff());
        markSent(outcome.delivered());
        markDead(outcome.dead());
        park(outcome.parked());
        Throwable reason = outcome.fatal() != null ? outcome.fatal() : outcome.retriable();
        outbox.release(outcome.retryAfter(), outcome.untouched(), String.valueOf(reason));
        outcome.retryAfter().values().stream().min(Duration::compareTo)
                .ifPresent(soonest -> retryAt = Instant.now().plus(soonest));
        int retried = outcome.retried();
        if (!outcome.delivered().isEmpty() && outcome.fatal() == null) {
            failedBatches = 0;
        }
        if (outcome.fatal() != null) {
            failed.increment(retried);
            producerFailures.increment();
            health.failed(outcome.fatal());
            Duration pause = pause(++failedBatches);
            pausedUntil = Instant.now().plus(pause);
            Log.warnf("outbox: the Kafka producer failed (%s); %d events go back to the outbox, the relay pauses %s and replaces the producer",
                    outcome.fatal(), retried + outcome.untouched().size(), pause);
            producers.recreate(outcome.fatal());
        } else if (outcome.outage()) {
            health.unreachable(started, outcome.retriable());
            failed.increment(retried);
            Duration pause = pause(++failedBatches);
            pausedUntil = Instant.now().plus(pause);
            Log.warnf("outbox: Kafka unreachable, %d events go back to the outbox, relay pauses %s (outage for %ds): %s",
                    retried + outcome.untouched().size(), pause, health.unreachableFor().toSeconds(), outcome.retriable());
        } else if (retried > 0) {
            failed.increment(retried);
            Log.warnf("outbox: %d of %d events not acknowledged, each retried after its own backoff: %s", retried, rows.size(), outcome.retriable());
        }
    }

    /**
     * Waits for every acknowledgement, up to the longest a batch can take (or the shutdown
     * deadline); the lease is renewed meanwhile by the renewal timer.
     */
    private void awaitAll(List<RowSend> sends) {
        CompletableFuture<Void> all = CompletableFuture.allOf(sends.stream().map(RowSend::all).toArray(CompletableFuture<?>[]::new));
        long deadline = System.nanoTime() + longestSettle.toNanos();
        while (!all.isDone()) {
            long now = System.nanoTime();
            if (now >= deadline || (stopping && now >= stopDeadline)) {
                return;
            }
            try {
                all.get(Math.min(250, Math.max(1, (deadline - now) / 1_000_000)), TimeUnit.MILLISECONDS);
            } catch (TimeoutException | ExecutionException e) {
                // keep waiting (the combined future never fails: each copy's failure is handled)
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void markSent(List<OutboxEvent> rows) {
        if (rows.isEmpty()) {
            return;
        }
        outbox.markSent(rows.stream().map(row -> row.id).toList());
        health.acknowledged();
        sent.increment(rows.size());
        Instant now = Instant.now();
        for (OutboxEvent row : rows) {
            if (row.replayJobId == null) {
                freshness.record(Duration.between(row.createdAt, now));
            }
        }
    }

    /** Rows Kafka refused for good: dead, each with its reason. */
    private void markDead(Map<OutboxEvent, Throwable> rows) {
        Map<Long, String> reasons = new LinkedHashMap<>();
        rows.forEach((row, error) -> {
            reasons.put(row.id, String.valueOf(error));
            dead.increment();
            Log.errorf("outbox: event %s (%s) of item %s can never be sent and is now dead: %s",
                    row.eventId, row.eventType, row.itemId, error);
        });
        outbox.markFinal(OutboxEvent.DEAD, reasons);
    }

    /**
     * Rows on the main topic that a routed topic refused (no ACL for it, or the record is too large
     * there): parked, with the topic in their reason and in {@code ingest_outbox_parked_total},
     * so the rows behind them and the main topic keep flowing.
     */
    private void park(Map<OutboxEvent, BatchOutcome.Parked> rows) {
        Map<Long, String> reasons = new LinkedHashMap<>();
        rows.forEach((row, parked) -> {
            reasons.put(row.id, "not delivered to routed topic " + parked.topic() + ": " + parked.error());
            metrics.counter("ingest_outbox_parked_total", "topic", parked.topic()).increment();
            Log.errorf("outbox: event %s (%s) of item %s is on the main topic but routed topic %s refused it; parked: %s",
                    row.eventId, row.eventType, row.itemId, parked.topic(), parked.error());
        });
        outbox.markFinal(OutboxEvent.PARKED, reasons);
    }

    private Duration pause(int failures) {
        return Backoff.exponential(Duration.ofSeconds(1), failures, config.maxPause());
    }
}
