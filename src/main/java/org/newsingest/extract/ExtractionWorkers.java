package org.newsingest.extract;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.newsingest.fetch.LogSafe;
import org.newsingest.fetch.PageFetcher;

/**
 * This instance's page extractions: one dispatcher thread claims due rows of the durable queue
 * ({@link ExtractionQueue}) only as fast as its own bounded pool of {@code ingest.extract.workers}
 * threads frees up, so extraction never takes a thread, a connection or a host slot from polling
 * beyond its share. Each worker asks robots.txt, keeps the host's Crawl-delay cluster-wide, reads
 * the page and records the outcome ({@link BodyWriter}).
 */
@ApplicationScoped
public class ExtractionWorkers {

    private final ExtractConfig config;
    private final ExtractionQueue queue;
    private final PageReader reader;
    private final BodyWriter writer;
    /** Released when a worker frees up or the instance stops: the dispatcher claims again at once. */
    private final Semaphore wake = new Semaphore(0);
    private final PageFetcher pages;
    private final String owner = "extract/" + UUID.randomUUID();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicLong depth = new AtomicLong();
    private ExecutorService pool;
    private Thread dispatcher;
    private volatile boolean stopping;

    ExtractionWorkers(ExtractConfig config, ExtractionQueue queue, PageReader reader, BodyWriter writer, PageFetcher pages,
                      MeterRegistry registry) {
        this.config = config;
        this.queue = queue;
        this.reader = reader;
        this.writer = writer;
        this.pages = pages;
        Gauge.builder("ingest_extract_queue_depth", depth, AtomicLong::get)
                .description("page extractions waiting, cluster-wide (item_extraction rows pending)").register(registry);
        Gauge.builder("ingest_extract_in_flight", inFlight, AtomicInteger::get)
                .description("page extractions running on this instance").register(registry);
    }

    void onStart(@Observes StartupEvent event) {
        if (!config.enabled()) {
            Log.info("extract: off (ingest.extract.enabled=false); stories keep their feed's text");
            return;
        }
        AtomicInteger threads = new AtomicInteger();
        pool = Executors.newFixedThreadPool(config.workers(), runnable -> {
            Thread thread = new Thread(runnable, "extract-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        dispatcher = new Thread(this::dispatch, "extract-dispatch");
        dispatcher.setDaemon(true);
        dispatcher.start();
    }

    /** Stops claiming, cuts off page fetches under way (their rows come back when the lease ends), and waits briefly. */
    void onStop(@Observes ShutdownEvent event) {
        if (pool == null) {
            return;
        }
        stopping = true;
        wake.release();
        pages.abandonInFlight();
        pool.shutdown();
        try {
            dispatcher.join(2000);
            pool.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void dispatch() {
        long lastDepth = 0;
        boolean databaseFailing = false;
        while (!stopping) {
            try {
                int free = config.workers() - inFlight.get();
                List<ExtractionQueue.Claim> claims = free > 0 ? queue.claim(free, owner) : List.of();
                for (ExtractionQueue.Claim claim : claims) {
                    inFlight.incrementAndGet();
                    pool.execute(() -> work(claim));
                }
                if (System.nanoTime() - lastDepth > config.idleWait().toNanos()) {
                    depth.set(queue.pending());
                    lastDepth = System.nanoTime();
                }
                databaseFailing = false;
                if (claims.isEmpty() || claims.size() == free) {
                    pause();
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                if (!databaseFailing) {
                    Log.warnf("extract: cannot claim extractions, retrying every %s: %s", config.idleWait(), e);
                    databaseFailing = true;
                }
                try {
                    pause();
                } catch (InterruptedException interrupted) {
                    return;
                }
            }
        }
    }

    private void work(ExtractionQueue.Claim claim) {
        try {
            ExtractionOutcome outcome = extract(claim);
            if (outcome instanceof ExtractionOutcome.Deferred deferred) {
                queue.defer(claim.itemId(), owner, deferred.until());
            } else if (!writer.finish(claim.itemId(), owner, outcome)) {
                Log.debugf("extract: item %s: claim lost before its outcome was recorded; another instance redoes it", claim.itemId());
            }
        } catch (RuntimeException e) {
            // The row stays claimed until its lease ends and is then tried again.
            Log.warnf(e, "extract: item %s: the outcome could not be recorded", claim.itemId());
        } finally {
            inFlight.decrementAndGet();
            wake.release();
        }
    }

    /**
     * Until a worker frees up, or {@code ingest.extract.idle-wait} passes: new stories queued by any
     * replica are found within that wait, well inside the hold of their created events.
     */
    private void pause() throws InterruptedException {
        wake.tryAcquire(config.idleWait().toNanos(), TimeUnit.NANOSECONDS);
        wake.drainPermits();
    }

    private ExtractionOutcome extract(ExtractionQueue.Claim claim) {
        URI page = claim.page();
        if (!sleep(claim.startIn())) {
            return new ExtractionOutcome.Deferred(Instant.now(), "stopping");
        }
        RobotsTxt robots = reader.robotsFor(page);
        if (!robots.allows(page)) {
            return reader.disallowed(page, robots);
        }
        Optional<Duration> crawlDelay = robots.crawlDelay().filter(delay -> !delay.isZero());
        if (crawlDelay.isPresent()) {
            Duration wait = queue.reserveCrawlSlot(page.getHost().toLowerCase(Locale.ROOT), crawlDelay.get());
            if (wait.compareTo(config.lease().dividedBy(2)) > 0) {
                return new ExtractionOutcome.Deferred(Instant.now().plus(wait), "Crawl-delay of " + LogSafe.text(page.getHost(), 100));
            }
            if (!sleep(wait)) {
                return new ExtractionOutcome.Deferred(Instant.now(), "stopping");
            }
        }
        return reader.read(page);
    }

    /** False when the instance is stopping. */
    private boolean sleep(Duration wait) {
        if (stopping) {
            return false;
        }
        if (wait.isZero() || wait.isNegative()) {
            return true;
        }
        try {
            Thread.sleep(wait.toMillis());
            return !stopping;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
