package org.newsingest.feed;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** One feed of a feed list (bundled default, feeds file, or OPML import). */
public record FeedListEntry(String url, Optional<String> title, List<String> tags, Optional<Duration> pollInterval) {

    /** The interval as a feed row stores it: whole seconds, or null for the default. */
    public Integer pollIntervalSeconds() {
        return pollInterval().map(interval -> (int) interval.toSeconds()).orElse(null);
    }
}
