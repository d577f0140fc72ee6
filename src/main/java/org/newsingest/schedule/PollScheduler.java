package org.newsingest.schedule;

import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.newsingest.config.IngestConfig;
import org.newsingest.pipeline.FeedPipeline;

/**
 * Every tick, claims as many due feeds as this instance has free workers and polls them in
 * parallel. One slow or hostile feed occupies one worker for at most its fetch deadline.
 */
@ApplicationScoped
public class PollScheduler {

    /** Identifies this instance's leases in the feed table. */
    private final String instanceId = "poller-" + UUID.randomUUID();
    /** Makes every claim's lease token unique, so a stale worker of this instance is fenced too. */
    private final AtomicLong claims = new AtomicLong();
    private final FeedClaimer claimer;
    private final FeedPipeline pipeline;
    private final Semaphore freeWorkers;
    private final ExecutorService workers;

    PollScheduler(FeedClaimer claimer, FeedPipeline pipeline, IngestConfig config) {
        this.claimer = claimer;
        this.pipeline = pipeline;
        int concurrency = config.poll().concurrency();
        this.freeWorkers = new Semaphore(concurrency);
        this.workers = Executors.newFixedThreadPool(concurrency, runnable -> {
            Thread thread = new Thread(runnable, "feed-poller");
            thread.setDaemon(true);
            return thread;
        });
    }

    @Scheduled(every = "{ingest.poll.tick}", delayed = "2s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void tick() {
        int available = freeWorkers.availablePermits();
        if (available == 0) {
            return;
        }
        String leaseToken = instanceId + "#" + claims.incrementAndGet();
        List<Long> due = claimer.claimDue(available, leaseToken);
        for (long feedId : due) {
            freeWorkers.acquireUninterruptibly();
            workers.execute(() -> {
                try {
                    pipeline.poll(feedId, leaseToken);
                } catch (RuntimeException e) {
                    // The pipeline records every feed-caused failure itself; this is a bug or a
                    // database outage. The lease runs out and the feed is retried.
                    Log.errorf(e, "poll of feed %d failed unexpectedly", feedId);
                } finally {
                    freeWorkers.release();
                }
            });
        }
    }

    void onStop(@Observes ShutdownEvent event) throws InterruptedException {
        workers.shutdownNow();
        workers.awaitTermination(10, TimeUnit.SECONDS);
    }
}
