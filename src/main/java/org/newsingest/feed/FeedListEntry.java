package org.newsingest.feed;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * One feed of a feed list (bundled default, feeds file, or OPML import).
 *
 * @param sources filters and other source settings the listing names ({@link SourceSettings#NONE} when it names none)
 */
public record FeedListEntry(String url, Optional<String> title, List<String> tags, Optional<Duration> pollInterval, SourceSettings sources) {

    public FeedListEntry(String url, Optional<String> title, List<String> tags, Optional<Duration> pollInterval) {
        this(url, title, tags, pollInterval, SourceSettings.NONE);
    }

    /** The same listing for another URL (the feed a page advertised, found by discovery). */
    public FeedListEntry withUrl(String feedUrl) {
        return new FeedListEntry(feedUrl, title, tags, pollInterval, sources);
    }

    /** The interval as a feed row stores it: whole seconds, or null for the default. */
    public Integer pollIntervalSeconds() {
        return pollInterval().map(interval -> (int) interval.toSeconds()).orElse(null);
    }
}
