package org.newsingest.schedule;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.newsingest.config.IngestConfig;
import org.newsingest.fetch.FetchResult;

/** When a feed is polled next: after a success, a failure, or a request to slow down. */
@ApplicationScoped
public class PollPolicy {

    private final IngestConfig.Poll config;

    PollPolicy(IngestConfig config) {
        this.config = config.poll();
    }

    /**
     * The longest of the feed's interval and what the publisher asked for (Cache-Control max-age,
     * Expires, {@code <ttl>}), clamped to [min, max], plus jitter.
     */
    public Instant afterSuccess(Optional<Duration> feedInterval, FetchResult.CacheHints hints, Optional<Duration> feedTtl, Instant now) {
        Duration interval = feedInterval.orElse(config.defaultInterval());
        interval = longest(interval, hints.maxAge());
        interval = longest(interval, hints.expires().map(expires -> Duration.between(now, expires)));
        interval = longest(interval, feedTtl);
        return now.plus(withJitter(clamp(interval, config.minInterval(), config.maxInterval())));
    }

    /** Exponential backoff from the minimum interval, capped at the maximum backoff. */
    public Instant afterFailure(int consecutiveFailures, Instant now) {
        Duration base = config.minInterval();
        int doublings = Math.min(Math.max(consecutiveFailures - 1, 0), 30);
        Duration backoff = base.multipliedBy(1L << Math.min(doublings, 20));
        return now.plus(withJitter(clamp(backoff, config.minInterval(), config.maxBackoff())));
    }

    /** The server's Retry-After when it gave a usable one, else the failure backoff. */
    public Instant afterRateLimit(Optional<Instant> retryAt, int consecutiveFailures, Instant now) {
        Instant latest = now.plus(config.maxBackoff());
        return retryAt.filter(at -> at.isAfter(now))
                .map(at -> at.isAfter(latest) ? latest : at)
                .orElseGet(() -> afterFailure(consecutiveFailures, now));
    }

    private static Duration longest(Duration current, Optional<Duration> candidate) {
        return candidate.filter(c -> c.compareTo(current) > 0).orElse(current);
    }

    private static Duration clamp(Duration value, Duration min, Duration max) {
        return value.compareTo(min) < 0 ? min : value.compareTo(max) > 0 ? max : value;
    }

    private Duration withJitter(Duration interval) {
        long jitterMillis = (long) (interval.toMillis() * config.jitter() * ThreadLocalRandom.current().nextDouble());
        return interval.plusMillis(jitterMillis);
    }
}
