package org.newsingest.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.distribution.CountAtBucket;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class PipelineHistoryTest {

    private static CountAtBucket[] buckets(double... counts) {
        CountAtBucket[] buckets = new CountAtBucket[counts.length];
        for (int i = 0; i < counts.length; i++) {
            buckets[i] = new CountAtBucket((double) Duration.ofMillis(100L << i).toNanos(), counts[i]);
        }
        return buckets;
    }

    @Test
    void percentilesCountOnlyTheEventsBetweenTwoSnapshots() {
        // before: 100 fast events; then 10 more, 9 of them in the 400 ms bucket and 1 in the 800 ms one
        CountAtBucket[] before = buckets(100, 100, 100, 100);
        CountAtBucket[] after = buckets(100, 100, 109, 110);

        assertThat(PipelineHistory.percentile(before, after, 0.5)).contains(Duration.ofMillis(400));
        assertThat(PipelineHistory.percentile(before, after, 0.99)).contains(Duration.ofMillis(800));
    }

    @Test
    void noEventsInTheWindowIsNoPercentile() {
        assertThat(PipelineHistory.percentile(buckets(5, 5), buckets(5, 5), 0.5)).isEmpty();
    }

    @Test
    void ratesArePerMinuteBetweenConsecutiveSamples() {
        Instant t = Instant.parse("2026-12-06T10:00:00Z");
        List<PipelineHistory.Sample> samples = List.of(
                new PipelineHistory.Sample(t, 100, 10, 0, 0, 0, new CountAtBucket[0]),
                new PipelineHistory.Sample(t.plusSeconds(30), 160, 25, 0, 0, 0, new CountAtBucket[0]));

        assertThat(PipelineHistory.rates(samples)).singleElement()
                .satisfies(rate -> assertThat(rate).containsExactly(120.0, 30.0));
    }
}
