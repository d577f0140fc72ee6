package org.newsingest.console;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.CountAtBucket;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

/**
 * The last hours of the pipeline, in memory: every {@code ingest.console.sample-every} the
 * service's own Micrometer meters are read into a ring buffer that keeps {@code ingest.console.history}.
 * Counters are cumulative, so a rate is the difference of two samples; the freshness histogram's
 * buckets are cumulative too, so its percentiles over a window come from the difference of two
 * snapshots. Nothing here touches the database.
 */
@ApplicationScoped
public class PipelineHistory {

    /** One reading of the meters; counts are totals since the service started. */
    public record Sample(Instant at, double polls, double newItems, double backlog, double backlogAgeSeconds, double failingFeeds,
                         CountAtBucket[] freshness) {}

    /** Figures between two samples: per-minute rates and the freshness percentiles of the events sent in between. */
    public record Window(Duration length, double pollsPerMinute, double itemsPerMinute, Optional<Duration> freshnessP50,
                         Optional<Duration> freshnessP99) {}

    private final MeterRegistry metrics;
    private final int capacity;
    private final Deque<Sample> samples = new ArrayDeque<>();

    PipelineHistory(MeterRegistry metrics, ConsoleConfig config) {
        this.metrics = metrics;
        this.capacity = (int) Math.max(2, config.history().toSeconds() / Math.max(1, config.sampleEvery().toSeconds()));
    }

    @Scheduled(every = "{ingest.console.sample-every}", delayed = "1s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void sample() {
        add(read(Instant.now()));
    }

    synchronized void add(Sample sample) {
        samples.addLast(sample);
        while (samples.size() > capacity) {
            samples.removeFirst();
        }
    }

    /** Every sample kept, oldest first. */
    public synchronized List<Sample> samples() {
        return new ArrayList<>(samples);
    }

    /** The meters as they are now (not kept): the newest end of every window. */
    public Sample now() {
        return read(Instant.now());
    }

    /** Figures from the newest sample at least {@code length} old (or the oldest kept) up to now. */
    public Window last(Duration length) {
        Sample now = now();
        Sample from = null;
        synchronized (this) {
            for (Sample sample : samples) {
                if (from == null || !sample.at().isAfter(now.at().minus(length))) {
                    from = sample;
                }
            }
        }
        if (from == null || !now.at().isAfter(from.at())) {
            return new Window(Duration.ZERO, 0, 0, Optional.empty(), Optional.empty());
        }
        Duration span = Duration.between(from.at(), now.at());
        double minutes = span.toMillis() / 60_000.0;
        return new Window(span, (now.polls() - from.polls()) / minutes, (now.newItems() - from.newItems()) / minutes,
                percentile(from.freshness(), now.freshness(), 0.50), percentile(from.freshness(), now.freshness(), 0.99));
    }

    /** Per-minute rates between consecutive samples, for the charts: polls, then new items. */
    public static List<double[]> rates(List<Sample> samples) {
        List<double[]> rates = new ArrayList<>();
        for (int i = 1; i < samples.size(); i++) {
            Sample a = samples.get(i - 1);
            Sample b = samples.get(i);
            double minutes = Math.max(1, Duration.between(a.at(), b.at()).toMillis()) / 60_000.0;
            rates.add(new double[] {Math.max(0, b.polls() - a.polls()) / minutes, Math.max(0, b.newItems() - a.newItems()) / minutes});
        }
        return rates;
    }

    /**
     * The upper bound of the bucket holding the {@code quantile} of the events counted between two
     * cumulative histogram snapshots; empty when none were.
     */
    static Optional<Duration> percentile(CountAtBucket[] before, CountAtBucket[] after, double quantile) {
        if (after.length == 0) {
            return Optional.empty();
        }
        double total = after[after.length - 1].count() - countAt(before, after.length - 1);
        if (total <= 0) {
            return Optional.empty();
        }
        for (int i = 0; i < after.length; i++) {
            if (after[i].count() - countAt(before, i) >= quantile * total) {
                return Optional.of(Duration.ofNanos((long) after[i].bucket()));
            }
        }
        return Optional.of(Duration.ofNanos((long) after[after.length - 1].bucket()));
    }

    private static double countAt(CountAtBucket[] buckets, int i) {
        return i < buckets.length ? buckets[i].count() : 0;
    }

    private Sample read(Instant at) {
        double polls = metrics.find("ingest_fetch_total").counters().stream().mapToDouble(Counter::count).sum();
        double newItems = metrics.find("ingest_items_total").tag("decision", "new").counters().stream().mapToDouble(Counter::count).sum();
        Timer freshness = metrics.find("ingest_event_freshness").timer();
        return new Sample(at, polls, newItems, gauge("ingest_outbox_backlog"), gauge("ingest_outbox_backlog_age_seconds"),
                Optional.ofNullable(metrics.find("ingest_feeds").tag("state", "failing").gauge()).map(Gauge::value).orElse(0.0),
                freshness == null ? new CountAtBucket[0] : freshness.takeSnapshot().histogramCounts());
    }

    private double gauge(String name) {
        return Optional.ofNullable(metrics.find(name).gauge()).map(Gauge::value).orElse(0.0);
    }
}
