package org.newsingest.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.newsingest.fetch.FetchResult;

/** reliability-security.md §5 C21, C22, C24, C26, C27, C30 at the level of the schedule policy. */
class PollPolicyTest {

    private static final Instant NOW = Instant.parse("2026-01-05T12:00:00Z");
    private static final FetchResult.CacheHints NONE = FetchResult.CacheHints.NONE;

    /** Production defaults: interval 15 min, min 1 min, max 6 h, backoff cap 24 h, jitter 10 %. */
    record Poll(Duration defaultInterval, Duration minInterval, Duration maxInterval, Duration maxBackoff, double jitter) implements PollConfig {
        static Poll defaults() {
            return new Poll(Duration.ofMinutes(15), Duration.ofMinutes(1), Duration.ofHours(6), Duration.ofHours(24), 0.1);
        }

        @Override
        public Duration idleWait() {
            return Duration.ofSeconds(1);
        }

        @Override
        public Duration shutdownGrace() {
            return Duration.ofSeconds(10);
        }

        @Override
        public int concurrency() {
            return 128;
        }

        @Override
        public Duration lease() {
            return Duration.ofSeconds(30);
        }

        @Override
        public int failingAfter() {
            return 5;
        }

        @Override
        public int fetchHistory() {
            return 50;
        }

        @Override
        public int maxEntriesPerDocument() {
            return 1000;
        }

        @Override
        public int storeTimeout() {
            return 30;
        }
    }

    private static PollPolicy policy(double random) {
        return new PollPolicy(Poll.defaults(), Duration.ofHours(24), () -> random);
    }

    private static Duration after(Instant next) {
        return Duration.between(NOW, next);
    }

    @Test
    void theConfiguredIntervalPlusJitterIsTheBaseline() {
        assertThat(after(policy(0).afterSuccess(Optional.empty(), NONE, Optional.empty(), NOW))).isEqualTo(Duration.ofMinutes(15));
        assertThat(after(policy(0.999).afterSuccess(Optional.empty(), NONE, Optional.empty(), NOW)))
                .isBetween(Duration.ofMinutes(16), Duration.ofSeconds(15 * 60 + 90));
        assertThat(after(policy(0).afterSuccess(Optional.of(Duration.ofHours(1)), NONE, Optional.empty(), NOW))).isEqualTo(Duration.ofHours(1));
    }

    // Case C26 of reliability-security.md §5.
    @Test
    void cacheControlMaxAgeLengthensTheIntervalUpToTheMaximum() {
        FetchResult.CacheHints twelveHours = new FetchResult.CacheHints(Optional.of(Duration.ofHours(12)), Optional.empty());
        FetchResult.CacheHints twoHours = new FetchResult.CacheHints(Optional.of(Duration.ofHours(2)), Optional.empty());
        FetchResult.CacheHints expires = new FetchResult.CacheHints(Optional.empty(), Optional.of(NOW.plus(Duration.ofHours(3))));

        assertThat(after(policy(0).afterSuccess(Optional.of(Duration.ofHours(1)), twelveHours, Optional.empty(), NOW))).isEqualTo(Duration.ofHours(6));
        assertThat(after(policy(0).afterSuccess(Optional.of(Duration.ofHours(1)), twoHours, Optional.empty(), NOW))).isEqualTo(Duration.ofHours(2));
        assertThat(after(policy(0).afterSuccess(Optional.of(Duration.ofHours(1)), expires, Optional.empty(), NOW))).isEqualTo(Duration.ofHours(3));
    }

    // Case C27 of reliability-security.md §5.
    @Test
    void ttlAndUpdatePeriodAreLowerBoundsClampedByTheMaximum() {
        assertThat(after(policy(0).afterSuccess(Optional.empty(), NONE, Optional.of(Duration.ofMinutes(60)), NOW))).isEqualTo(Duration.ofHours(1));
        // sy:updatePeriod daily: a day, clamped so the feed is never starved beyond max-interval.
        assertThat(after(policy(0).afterSuccess(Optional.empty(), NONE, Optional.of(Duration.ofDays(1)), NOW))).isEqualTo(Duration.ofHours(6));
        // A ttl shorter than our interval does not make us poll faster.
        assertThat(after(policy(0).afterSuccess(Optional.of(Duration.ofHours(1)), NONE, Optional.of(Duration.ofMinutes(5)), NOW))).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void aFeedThatPublishesRarelyIsPolledLessOften_andABusyOneAtTheDefault() {
        List<Instant> daily = new ArrayList<>();
        for (int i = 1; i <= 10; i++) {
            daily.add(NOW.minus(Duration.ofDays(i)));
        }
        List<Instant> everyTenMinutes = new ArrayList<>();
        for (int i = 1; i <= 10; i++) {
            everyTenMinutes.add(NOW.minus(Duration.ofMinutes(10L * i)));
        }
        List<Instant> threeHourly = new ArrayList<>();
        for (int i = 1; i <= 10; i++) {
            threeHourly.add(NOW.minus(Duration.ofHours(3L * i)));
        }

        assertThat(after(policy(0).afterSuccess(Optional.empty(), NONE, Optional.empty(), daily, NOW))).isEqualTo(Duration.ofHours(6));
        assertThat(after(policy(0).afterSuccess(Optional.empty(), NONE, Optional.empty(), threeHourly, NOW))).isEqualTo(Duration.ofMinutes(45));
        assertThat(after(policy(0).afterSuccess(Optional.empty(), NONE, Optional.empty(), everyTenMinutes, NOW))).isEqualTo(Duration.ofMinutes(15));
        // The operator's explicit interval is kept as it is.
        assertThat(after(policy(0).afterSuccess(Optional.of(Duration.ofMinutes(5)), NONE, Optional.empty(), daily, NOW))).isEqualTo(Duration.ofMinutes(5));
        // Too few items say nothing.
        assertThat(after(policy(0).afterSuccess(Optional.empty(), NONE, Optional.empty(), daily.subList(0, 2), NOW))).isEqualTo(Duration.ofMinutes(15));
    }

    // Case C24 of reliability-security.md §5.
    @Test
    void failuresBackOffExponentiallyToTheCapAndStayThere() {
        PollPolicy policy = policy(0);
        assertThat(after(policy.afterFailure(Optional.empty(), 1, NOW))).isEqualTo(Duration.ofMinutes(15));
        assertThat(after(policy.afterFailure(Optional.empty(), 2, NOW))).isEqualTo(Duration.ofMinutes(30));
        assertThat(after(policy.afterFailure(Optional.empty(), 3, NOW))).isEqualTo(Duration.ofMinutes(60));
        assertThat(after(policy.afterFailure(Optional.empty(), 7, NOW))).isEqualTo(Duration.ofHours(16));
        assertThat(after(policy.afterFailure(Optional.empty(), 8, NOW))).isEqualTo(Duration.ofHours(24));
        assertThat(after(policy.afterFailure(Optional.empty(), 10, NOW))).isEqualTo(Duration.ofHours(24));
        assertThat(after(policy.afterFailure(Optional.empty(), 1000, NOW))).isEqualTo(Duration.ofHours(24));
        // A failure never brings the next poll forward of the normal interval.
        assertThat(after(policy.afterFailure(Optional.of(Duration.ofHours(2)), 1, NOW))).isEqualTo(Duration.ofHours(2));
        // With jitter the cap is never exceeded; the spread goes below it.
        assertThat(after(policy(0.999).afterFailure(Optional.empty(), 10, NOW))).isBetween(Duration.ofHours(21), Duration.ofHours(24));
    }

    // Case C21 of reliability-security.md §5.
    @Test
    void retryAfterIsHonouredClampedAndGarbageFallsBackToBackoff() {
        PollPolicy policy = policy(0);
        Instant inAnHour = NOW.plus(Duration.ofHours(1));

        assertThat(policy.afterRateLimit(Optional.of(inAnHour), Optional.empty(), 1, NOW)).isEqualTo(inAnHour);
        assertThat(after(policy.afterRateLimit(Optional.of(NOW.plus(Duration.ofDays(1157))), Optional.empty(), 1, NOW))).isEqualTo(Duration.ofHours(24));
        // Past or absent (garbage was already dropped by the fetcher): ordinary backoff.
        assertThat(after(policy.afterRateLimit(Optional.of(NOW.minusSeconds(10)), Optional.empty(), 1, NOW))).isEqualTo(Duration.ofMinutes(15));
        assertThat(after(policy.afterRateLimit(Optional.empty(), Optional.empty(), 3, NOW))).isEqualTo(Duration.ofHours(1));
        // A Retry-After shorter than the backoff never brings the poll forward.
        assertThat(after(policy.afterRateLimit(Optional.of(NOW.plusSeconds(10)), Optional.empty(), 1, NOW))).isEqualTo(Duration.ofMinutes(15));
    }

    // Case C22 of reliability-security.md §5.
    @Test
    void a503RetryAfterOf120SecondsIsAtLeast120Seconds() {
        Instant next = policy(0).afterRateLimit(Optional.of(NOW.plusSeconds(120)), Optional.of(Duration.ofMinutes(1)), 1, NOW);
        assertThat(next).isAfterOrEqualTo(NOW.plusSeconds(120));
    }

    // Case C30 of reliability-security.md §5.
    @Test
    void jitterSpreadsFeedsThatAreDueTogether() {
        PollPolicy policy = new PollPolicy(Poll.defaults(), Duration.ofHours(24), () -> java.util.concurrent.ThreadLocalRandom.current().nextDouble());
        Set<Long> seconds = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            Duration wait = after(policy.afterSuccess(Optional.empty(), NONE, Optional.empty(), NOW));
            assertThat(wait).isBetween(Duration.ofMinutes(15), Duration.ofSeconds(15 * 60 + 90));
            seconds.add(wait.toSeconds());
        }
        // 1,000 feeds polled at the same instant come back spread over the 90 s jitter window.
        assertThat(seconds.size()).isGreaterThan(60);
    }

    @Test
    void anOwnBackoffStartsAtItsFirstWaitAndDoublesUpToTheCap() {
        PollPolicy policy = policy(0.0);
        Duration challenge = Duration.ofMinutes(30);

        assertThat(policy.afterBackoff(challenge, 1, NOW)).isEqualTo(NOW.plus(Duration.ofMinutes(30)));
        assertThat(policy.afterBackoff(challenge, 2, NOW)).isEqualTo(NOW.plus(Duration.ofMinutes(60)));
        assertThat(policy.afterBackoff(challenge, 4, NOW)).isEqualTo(NOW.plus(Duration.ofHours(4)));
        assertThat(policy.afterBackoff(challenge, 40, NOW)).isEqualTo(NOW.plus(Duration.ofHours(24)));
        // A first wait beyond the global cap is its own cap.
        assertThat(policy.afterBackoff(Duration.ofHours(30), 3, NOW)).isEqualTo(NOW.plus(Duration.ofHours(30)));
    }
}
