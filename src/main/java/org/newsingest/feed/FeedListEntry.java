package org.newsingest.feed;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * One feed of a feed list (bundled default, feeds file, or OPML import). {@code extract}: whether
 * its stories' article pages are fetched for the body ({@code extract: false} in the file turns it off).
 */
public record FeedListEntry(String url, Optional<String> title, List<String> tags, Optional<Duration> pollInterval, boolean extract) {

    /** An entry that leaves page extraction on, as every listing did before the flag existed. */
    public FeedListEntry(String url, Optional<String> title, List<String> tags, Optional<Duration> pollInterval) {
        this(url, title, tags, pollInterval, true);
    }

    /** The interval as a feed row stores it: whole seconds, or null for the default. */
    public Integer pollIntervalSeconds() {
        return pollInterval().map(interval -> (int) interval.toSeconds()).orElse(null);
    }
}
