package org.newsingest.schedule;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;
import org.newsingest.config.IngestConfig;
import org.newsingest.fetch.FetchResult;

/**
 * When a feed is polled next: after a success, a failure, or a request to slow down. The result is
 * stored as the feed's {@code next_poll_at}, which the claim query respects on every replica, so a
 * restart or another instance never polls earlier.
 *
 * <p><b>After a success:</b> {@code clamp(max(interval, Cache-Control max-age, Expires, <ttl> /
 * sy:updatePeriod), min-interval, max-interval)} plus a random jitter of up to
 * {@code jitter × interval}. {@code interval} is the feed's own poll interval when the operator set
 * one; otherwise the default interval, lengthened for feeds that publish rarely: a quarter of the
 * median gap between the feed's recent items (the time since its newest item counts as a gap).
 *
 * <p><b>After a failure:</b> the feed's interval doubled per consecutive failure (first failure:
 * one interval), capped at {@code max-backoff}, with jitter; a success resets the count.
 *
 * <p><b>After 429/503:</b> not before the server's Retry-After (clamped to
 * {@code ingest.fetch.retry-after-max}), and not before the failure backoff either; a missing,
 * garbage or past Retry-After leaves the backoff alone.
 */
@ApplicationScoped
public class PollPolicy {

    /** Fewer recent items than this say nothing about a feed's rhythm. */
    static final int MIN_ITEMS_FOR_ADAPTATION = 3;
    /** A feed that publishes every G is polled every G / 4 (when that is longer than the default). */
    static final int POLLS_PER_PUBLISHING_GAP = 4;

    private final PollConfig config;
    private final Duration retryAfterMax;
    private final DoubleSupplier random;

    @Inject
    PollPolicy(PollConfig poll, IngestConfig config) {
        this(poll, config.fetch().retryAfterMax(), () -> ThreadLocalRandom.current().nextDouble());
    }

    /** {@code random} yields values in [0, 1): jitter; tests pass a fixed one. */
    public PollPolicy(PollConfig config, Duration retryAfterMax, DoubleSupplier random) {
        this.config = config;
        this.retryAfterMax = retryAfterMax;
        this.random = random;
    }

    public Instant afterSuccess(Optional<Duration> feedInterval, FetchResult.CacheHints hints, Optional<Duration> feedTtl, Instant now) {
        return afterSuccess(feedInterval, hints, feedTtl, List.of(), now);
    }

    /**
     * @param recentItemTimes publication (or first-seen) times of the feed's most recent items, any
     *     order; empty when unknown
     */
    public Instant afterSuccess(Optional<Duration> feedInterval, FetchResult.CacheHints hints, Optional<Duration> feedTtl,
                                List<Instant> recentItemTimes, Instant now) {
        Duration interval = feedInterval.orElseGet(() -> longest(config.defaultInterval(),
                publishingGap(recentItemTimes, now).map(gap -> gap.dividedBy(POLLS_PER_PUBLISHING_GAP))));
        interval = longest(interval, hints.maxAge());
        interval = longest(interval, hints.expires().map(expires -> Duration.between(now, expires)));
        interval = longest(interval, feedTtl);
        return now.plus(withJitter(clamp(interval, config.minInterval(), config.maxInterval())));
    }

    /**
     * After a gap (the feed published more than its document holds since the last poll): half the
     * feed's interval, within min-interval and max-interval, with jitter.
     */
    public Instant afterGap(Optional<Duration> feedInterval, Instant now) {
        Duration half = feedInterval.orElse(config.defaultInterval()).dividedBy(2);
        return now.plus(withJitter(clamp(half, config.minInterval(), config.maxInterval())));
    }

    public Instant afterFailure(int consecutiveFailures, Instant now) {
        return afterFailure(Optional.empty(), consecutiveFailures, now);
    }

    /** The feed's interval doubled per consecutive failure, capped at the maximum backoff, with jitter. */
    public Instant afterFailure(Optional<Duration> feedInterval, int consecutiveFailures, Instant now) {
        return now.plus(backoff(feedInterval, consecutiveFailures));
    }

    public Instant afterRateLimit(Optional<Instant> retryAt, int consecutiveFailures, Instant now) {
        return afterRateLimit(retryAt, Optional.empty(), consecutiveFailures, now);
    }

    /** Not before Retry-After (clamped to the configured maximum), and not before the failure backoff. */
    public Instant afterRateLimit(Optional<Instant> retryAt, Optional<Duration> feedInterval, int consecutiveFailures, Instant now) {
        Instant backoff = afterFailure(feedInterval, consecutiveFailures, now);
        Instant latest = now.plus(retryAfterMax);
        return retryAt.filter(at -> at.isAfter(now))
                .map(at -> at.isAfter(latest) ? latest : at)
                .filter(at -> at.isAfter(backoff))
                .orElse(backoff);
    }

    /** The median gap between the feed's recent items, counting the time since the newest as one. */
    static Optional<Duration> publishingGap(List<Instant> recentItemTimes, Instant now) {
        if (recentItemTimes.size() < MIN_ITEMS_FOR_ADAPTATION) {
            return Optional.empty();
        }
        List<Instant> times = new ArrayList<>(recentItemTimes);
        times.sort(Comparator.reverseOrder());
        List<Duration> gaps = new ArrayList<>();
        Instant newest = times.get(0);
        gaps.add(newest.isBefore(now) ? Duration.between(newest, now) : Duration.ZERO);
        for (int i = 1; i < times.size(); i++) {
            gaps.add(Duration.between(times.get(i), times.get(i - 1)));
        }
        gaps.sort(Comparator.naturalOrder());
        return Optional.of(gaps.get(gaps.size() / 2));
    }

    /**
     * A back-off of its own kind ({@link BackoffConfig}): {@code first} doubled per failure in a
     * row, capped at the maximum back-off (or at {@code first} when that is longer), with jitter.
     */
    public Instant afterBackoff(Duration first, int consecutiveFailures, Instant now) {
        Duration cap = first.compareTo(config.maxBackoff()) > 0 ? first : config.maxBackoff();
        return now.plus(backoff(first, cap, consecutiveFailures));
    }

    private Duration backoff(Optional<Duration> feedInterval, int consecutiveFailures) {
        Duration base = clamp(feedInterval.orElse(config.defaultInterval()), config.minInterval(), config.maxInterval());
        return backoff(base, config.maxBackoff(), consecutiveFailures);
    }

    private Duration backoff(Duration base, Duration cap, int consecutiveFailures) {
        Duration backoff = Backoff.exponential(base, consecutiveFailures, cap);
        Duration jittered = withJitter(backoff);
        if (jittered.compareTo(cap) >= 0) {
            // At the cap, spread downwards so failing feeds don't all line up on the cap.
            return cap.minusMillis((long) (cap.toMillis() * config.jitter() * random.getAsDouble()));
        }
        return jittered;
    }

    private static Duration longest(Duration current, Optional<Duration> candidate) {
        return candidate.filter(c -> c.compareTo(current) > 0).orElse(current);
    }

    private static Duration clamp(Duration value, Duration min, Duration max) {
        return value.compareTo(min) < 0 ? min : value.compareTo(max) > 0 ? max : value;
    }

    private Duration withJitter(Duration interval) {
        long jitterMillis = (long) (interval.toMillis() * config.jitter() * random.getAsDouble());
        return interval.plusMillis(jitterMillis);
    }
}
