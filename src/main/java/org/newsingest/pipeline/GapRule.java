package org.newsingest.pipeline;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * When a feed may have lost entries between two polls, so its sitemap is read for them.
 *
 * <p><b>A gap</b>: the document has entries, the feed's previous non-empty document is known, the
 * two share no entry (by identity key), and none of the new document's entries was stored before
 * (no sighting or revision of a stored item). A feed that shows its last 20 entries and published
 * more than 20 between two polls looks exactly like that; a feed that only added a few shares the
 * rest with its previous document. A reordered or trimmed document shares entries, or shows
 * stored ones, so it is not a gap.
 *
 * <p><b>Downtime</b>: the last good poll is longer ago than the window the previous document
 * covered (its newest minus its oldest publication date): entries may have come and gone
 * while nobody polled, even if the document still shares some.
 */
final class GapRule {

    private GapRule() {}

    static boolean isGap(Set<String> previousKeys, List<String> currentKeys, int alreadyStored) {
        return !previousKeys.isEmpty() && !currentKeys.isEmpty() && alreadyStored == 0
                && currentKeys.stream().noneMatch(previousKeys::contains);
    }

    static boolean wasDownLongerThanWindow(Optional<Instant> lastGoodPoll, Optional<Duration> window, Instant now) {
        return lastGoodPoll.isPresent() && window.filter(w -> !w.isZero()).isPresent()
                && Duration.between(lastGoodPoll.get(), now).compareTo(window.get()) > 0;
    }

    /** The span of publication dates of a document's entries; empty with fewer than two dated entries. */
    static Optional<Duration> window(Collection<Instant> published) {
        if (published.size() < 2) {
            return Optional.empty();
        }
        Instant oldest = published.stream().min(Instant::compareTo).orElseThrow();
        Instant newest = published.stream().max(Instant::compareTo).orElseThrow();
        return Optional.of(Duration.between(oldest, newest));
    }
}
