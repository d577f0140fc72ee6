package org.newsingest.schedule;

import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.http.HttpServerStart;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.ObservesAsync;
import jakarta.enterprise.event.TransactionPhase;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.newsingest.feed.FeedDue;
import org.newsingest.fetch.FeedFetcher;
import org.newsingest.pipeline.FeedPipeline;

/**
 * Polls due feeds with {@code ingest.poll.concurrency} workers, and never waits on a clock while
 * work is due: a dispatcher thread hands each free worker the next claimed feed at once, and
 * claims a new batch (as many feeds as there are free workers, plus a few) only when its small
 * local queue is empty, so it never hoards feeds other replicas could start sooner. When nothing
 * is due it sleeps until the earliest {@code next_poll_at}, at most {@code ingest.poll.idle-wait},
 * or until a "poll now" or subscribe on this instance wakes it.
 *
 * <p>A heartbeat renews the leases of every feed this instance holds every lease/3, so a poll may
 * take as long as it needs while a crashed instance's feeds are free again within one lease.
 *
 * <p>On shutdown ({@link ShutdownCoordinator}): stop claiming, release the leases of feeds not yet
 * started, let in-flight polls finish within {@code ingest.poll.shutdown-grace} and the shared
 * deadline, then abandon the rest (the fetcher cuts them
 * off; nothing is recorded against those feeds) and release their leases, so another instance or
 * the restart polls them at once.
 */
@ApplicationScoped
public class PollScheduler implements GracefulStop {

    /**
     * Shortest idle wait, so feeds due but held back by a busy host are not claimed in a tight
     * loop (every claim takes the cluster-wide claim lock). A poll finishing on this instance
     * wakes the dispatcher earlier.
     */
    private static final Duration MIN_IDLE = Duration.ofMillis(100);
    /** The longest polling waits for the HTTP server to listen. */
    private static final Duration START_WAIT = Duration.ofSeconds(30);

    /** Identifies this instance's leases in the feed table. */
    private final String instanceId = "poller-" + UUID.randomUUID();
    /** Makes every claim's lease tokens unique, so a stale worker of this instance is fenced too. */
    private final AtomicLong claims = new AtomicLong();
    private final FeedClaimer claimer;
    private final FeedPipeline pipeline;
    private final FeedFetcher fetcher;
    private final PollConfig config;
    private final int concurrency;
    /**
     * Feeds claimed beyond the free workers, half the workers: a local queue, so a freed worker
     * rarely waits for a claim and claims come in batches (each takes the cluster-wide claim lock
     * and reads the due feeds; with an eighth of the workers, claims of about 20 feeds cost
     * PostgreSQL half a core at 360 polls/s). Queued feeds hold their leases for the short wait.
     */
    private final int prefetch;
    private final Semaphore freeWorkers;
    private final ExecutorService workers;
    private final ScheduledExecutorService heartbeat;
    /** Claimed, not yet started; touched by the dispatcher thread only (and by shutdown after it stopped). */
    private final Queue<FeedClaimer.Claim> claimed = new ArrayDeque<>();
    /** Lease tokens held by this instance (queued or polling), by feed id: what the heartbeat renews. */
    private final Map<Long, String> held = new ConcurrentHashMap<>();
    /** Opened when the HTTP server listens: the dispatcher's first claim waits for it. */
    private final CountDownLatch serving = new CountDownLatch(1);
    /** Released to wake the dispatcher from an idle wait. */
    private final Semaphore wakeUp = new Semaphore(0);
    private final Thread dispatcher;
    private volatile boolean running = true;

    PollScheduler(FeedClaimer claimer, FeedPipeline pipeline, FeedFetcher fetcher, PollConfig config) {
        this.claimer = claimer;
        this.pipeline = pipeline;
        this.fetcher = fetcher;
        this.config = config;
        this.concurrency = this.config.concurrency();
        this.prefetch = Math.max(1, concurrency / 2);
        this.freeWorkers = new Semaphore(concurrency);
        this.workers = Executors.newFixedThreadPool(concurrency, daemon("feed-poller"));
        this.heartbeat = Executors.newSingleThreadScheduledExecutor(daemon("lease-heartbeat"));
        this.dispatcher = daemon("poll-dispatcher").newThread(this::dispatch);
    }

    void onStart(@Observes StartupEvent event) {
        long every = Math.max(1, this.config.lease().toMillis() / 3);
        heartbeat.scheduleWithFixedDelay(this::renewLeases, every, every, TimeUnit.MILLISECONDS);
        dispatcher.start();
        Log.infof("poll scheduler started: instance %s, %d workers, lease %s", instanceId, concurrency, config.lease());
    }

    /**
     * Polling begins once the HTTP server listens, the end of start-up: on a restart with every
     * feed due, 128 polls started at once otherwise took the cores from the rest of the start
     * (ready in 11.6 s instead of about 8 on the footprint benchmark's restart). Quarkus fires the
     * event asynchronously.
     */
    void onHttpServerStart(@ObservesAsync HttpServerStart event) {
        serving.countDown();
    }

    /** A feed became due on this instance (subscribe, "poll now", re-enable): look at once. */
    void onDue(@Observes(during = TransactionPhase.AFTER_SUCCESS) FeedDue event) {
        wake();
    }

    private void wake() {
        if (wakeUp.availablePermits() == 0) {
            wakeUp.release();
        }
    }

    private void dispatch() {
        try {
            // Without an HTTP server (none is configured to listen) polling starts after the wait.
            serving.await(START_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            return; // shutdown
        }
        while (running) {
            try {
                freeWorkers.acquire();
                FeedClaimer.Claim next = claimed.poll();
                if (next == null) {
                    next = claimBatch();
                }
                if (next == null) {
                    freeWorkers.release();
                    idle();
                    continue;
                }
                start(next);
            } catch (InterruptedException e) {
                return; // shutdown
            }
        }
    }

    /** Claims as many feeds as workers are free, plus the prefetch; returns the first, queues the rest. */
    private FeedClaimer.Claim claimBatch() {
        int limit = freeWorkers.availablePermits() + 1 + prefetch;
        String prefix = instanceId + "#" + claims.incrementAndGet() + "/";
        List<FeedClaimer.Claim> batch;
        try {
            batch = claimer.claimDue(limit, prefix);
        } catch (RuntimeException e) {
            // The database is away: the next attempt follows after the idle wait.
            Log.warnf("claiming due feeds failed: %s", e.toString());
            return null;
        }
        for (FeedClaimer.Claim claim : batch) {
            held.put(claim.feedId(), claim.leaseToken());
        }
        claimed.addAll(batch);
        return claimed.poll();
    }

    /** Sleeps until the next feed is due, at most the idle wait, or until woken. */
    private void idle() throws InterruptedException {
        Duration wait = config.idleWait();
        try {
            Optional<Duration> untilDue = claimer.untilNextDue();
            if (untilDue.isPresent() && untilDue.get().compareTo(wait) < 0) {
                // Due but not claimable (its host is at its cap or spacing): look again soon, not in a spin.
                wait = untilDue.get().compareTo(MIN_IDLE) < 0 ? MIN_IDLE : untilDue.get();
            }
        } catch (RuntimeException e) {
            Log.debugf("looking for the next due feed failed: %s", e.toString());
        }
        if (wakeUp.tryAcquire(wait.toMillis(), TimeUnit.MILLISECONDS)) {
            wakeUp.drainPermits();
        }
    }

    private void start(FeedClaimer.Claim claim) {
        long startAt = System.nanoTime() + claim.startIn().toNanos();
        workers.execute(() -> {
            try {
                long wait = startAt - System.nanoTime();
                if (wait > 0) {
                    // This request's per-host start slot (cluster-wide spacing, see FeedClaimer).
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
                pipeline.poll(claim.feedId(), claim.leaseToken());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt(); // abandoned at shutdown before it started
            } catch (RuntimeException e) {
                // The pipeline records every feed-caused failure itself; this is a bug or a
                // database outage. The lease runs out and the feed is retried.
                Log.errorf(e, "poll of feed %d failed unexpectedly", claim.feedId());
            } finally {
                if (running) {
                    held.remove(claim.feedId(), claim.leaseToken());
                }
                freeWorkers.release();
                wake(); // its host may have room again
            }
        });
    }

    private void renewLeases() {
        try {
            claimer.renew(List.copyOf(held.values()));
        } catch (RuntimeException e) {
            Log.warnf("renewing %d poll leases failed: %s", held.size(), e.toString());
        }
    }

    /**
     * The first step of shutdown: claim nothing more and give back what was claimed but not
     * started. The polls in flight go on.
     */
    @Override
    public void stopClaiming(long deadlineNanos) {
        running = false;
        dispatcher.interrupt();
    }

    /**
     * The second step: waits for the polls in flight until the earlier of {@code deadlineNanos}
     * and {@code ingest.poll.shutdown-grace}, then abandons the rest and gives back their leases.
     * The leases of polls that finished were released by their own result.
     */
    @Override
    public void drain(long deadlineNanos) throws InterruptedException {
        long started = System.nanoTime();
        dispatcher.join(Math.max(1, Math.min(5_000, TimeUnit.NANOSECONDS.toMillis(deadlineNanos - started))));
        List<String> notStarted = new ArrayList<>();
        for (FeedClaimer.Claim claim : claimed) {
            notStarted.add(claim.leaseToken());
            held.remove(claim.feedId());
        }
        claimed.clear();
        int released = release(notStarted);
        workers.shutdown();
        int inFlight = held.size();
        // a second kept back for abandoning the rest and releasing their leases
        long graceEnd = Math.min(deadlineNanos - TimeUnit.SECONDS.toNanos(1), started + config.shutdownGrace().toNanos());
        boolean finished = workers.awaitTermination(Math.max(0, graceEnd - System.nanoTime()), TimeUnit.NANOSECONDS);
        if (!finished) {
            fetcher.abandonInFlight();
            workers.shutdownNow();
            workers.awaitTermination(Math.max(0, deadlineNanos - System.nanoTime()) / 2, TimeUnit.NANOSECONDS);
        }
        heartbeat.shutdownNow();
        released += release(List.copyOf(held.values()));
        Log.infof("poll scheduler stopped in %d ms: %d polls were in flight, %s; %d leases released",
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started), inFlight,
                finished ? "all finished" : "the rest abandoned after the grace", released);
    }

    /** Releases the leases {@code tokens} still own; returns how many. */
    private int release(List<String> tokens) {
        try {
            return claimer.release(tokens);
        } catch (RuntimeException e) {
            Log.warnf("releasing %d poll leases failed (they run out after %s): %s", tokens.size(), config.lease(), e.toString());
            return 0;
        }
    }

    private static ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }
}
