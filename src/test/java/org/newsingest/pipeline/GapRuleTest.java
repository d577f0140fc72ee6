package org.newsingest.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The gap rule on sequences of documents, as a feed showing its last ten entries would serve them. */
class GapRuleTest {

    private static List<String> entries(int from, int to) {
        return IntStream.rangeClosed(from, to).mapToObj(n -> "guid:" + n).toList();
    }

    /** Runs documents through the rule as polls would: each compared with the last non-empty one; returns the polls that were gaps. */
    private static List<Integer> gaps(List<List<String>> documents) {
        Set<String> stored = new HashSet<>();
        Set<String> previous = Set.of();
        List<Integer> gaps = new ArrayList<>();
        for (int poll = 0; poll < documents.size(); poll++) {
            List<String> document = documents.get(poll);
            int alreadyStored = (int) document.stream().filter(stored::contains).count();
            if (GapRule.isGap(previous, document, alreadyStored)) {
                gaps.add(poll);
            }
            stored.addAll(document);
            if (!document.isEmpty()) {
                previous = Set.copyOf(document);
            }
        }
        return gaps;
    }

    @Test
    void aFeedThatSkipsFromOneToTenToTwentyOneToThirtyHasAGap() {
        assertThat(gaps(List.of(entries(1, 10), entries(21, 30)))).containsExactly(1);
    }

    @Test
    void aFeedThatAddsFewerEntriesThanItShowsHasNone() {
        assertThat(gaps(List.of(entries(1, 10), entries(6, 15), entries(10, 19), entries(19, 28)))).isEmpty();
    }

    @Test
    void theFirstDocumentAndOneAfterAnEmptyOneAreComparedWithTheLastNonEmpty() {
        assertThat(gaps(List.of(entries(1, 10)))).isEmpty();
        assertThat(gaps(List.of(entries(1, 10), List.of(), entries(5, 14)))).isEmpty();
        assertThat(gaps(List.of(entries(1, 10), List.of(), entries(11, 20)))).containsExactly(2);
    }

    @Test
    void aDocumentOfOldStoredEntriesIsNotAGap() {
        // The publisher swaps back to an older selection: nothing is new, so nothing was missed.
        assertThat(gaps(List.of(entries(1, 10), entries(11, 20), entries(1, 10)))).containsExactly(1);
    }

    @Test
    void downtimeLongerThanTheWindowCountsOnlyWhenTheWindowIsKnown() {
        Instant now = Instant.parse("2026-12-06T12:00:00Z");
        Instant lastPoll = now.minus(Duration.ofHours(3));

        assertThat(GapRule.wasDownLongerThanWindow(Optional.of(lastPoll), Optional.of(Duration.ofHours(2)), now)).isTrue();
        assertThat(GapRule.wasDownLongerThanWindow(Optional.of(lastPoll), Optional.of(Duration.ofHours(4)), now)).isFalse();
        assertThat(GapRule.wasDownLongerThanWindow(Optional.of(lastPoll), Optional.empty(), now)).isFalse();
        assertThat(GapRule.wasDownLongerThanWindow(Optional.empty(), Optional.of(Duration.ofHours(1)), now)).isFalse();
        assertThat(GapRule.window(List.of(now, now.minus(Duration.ofMinutes(90)), now.minus(Duration.ofMinutes(30)))))
                .contains(Duration.ofMinutes(90));
        assertThat(GapRule.window(List.of(now))).isEmpty();
    }
}
