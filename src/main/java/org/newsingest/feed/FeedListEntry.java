package org.newsingest.feed;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * One feed of a feed list (bundled default, feeds file, or OPML import).
 *
 * @param extract whether its stories' article pages are fetched for the body ({@code extract: false} in the file turns it off)
 * @param sources filters and other source settings the listing names ({@link SourceSettings#NONE} when it names none)
 * @param page the web page the listing named, when discovery replaced it by the feed it leads to
 */
public record FeedListEntry(String url, Optional<String> title, List<String> tags, Optional<Duration> pollInterval, boolean extract,
                            SourceSettings sources, Optional<String> page) {

    /** An entry as listed: its URL is what the listing named. */
    public FeedListEntry(String url, Optional<String> title, List<String> tags, Optional<Duration> pollInterval, boolean extract,
                         SourceSettings sources) {
        this(url, title, tags, pollInterval, extract, sources, Optional.empty());
    }

    /** An entry that leaves page extraction on and names no source settings, as every listing did before either existed. */
    public FeedListEntry(String url, Optional<String> title, List<String> tags, Optional<Duration> pollInterval) {
        this(url, title, tags, pollInterval, true, SourceSettings.NONE);
    }

    /**
     * The same listing for the feed a page led to (found by discovery), with the news sitemap its
     * site's robots.txt lists unless the listing names one itself.
     */
    public FeedListEntry discoveredAs(URI feedUrl, Optional<URI> newsSitemap) {
        SourceSettings learned = sources.sitemapUrl().isPresent() || newsSitemap.isEmpty() ? sources
                : new SourceSettings(sources.filters(), sources.headers(), sources.userAgent(), newsSitemap.map(URI::toString), sources.proxy());
        return new FeedListEntry(feedUrl.toString(), title, tags, pollInterval, extract, learned, Optional.of(url));
    }

    /** The interval as a feed row stores it: whole seconds, or null for the default. */
    public Integer pollIntervalSeconds() {
        return pollInterval().map(interval -> (int) interval.toSeconds()).orElse(null);
    }
}
