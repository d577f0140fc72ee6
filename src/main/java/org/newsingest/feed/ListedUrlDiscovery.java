package org.newsingest.feed;

import java.net.URI;
import java.util.Optional;

/**
 * What a URL of the feeds file leads to, found by the same discovery as {@code POST /api/v1/feeds}
 * (discover.FeedDiscovery implements it; the feed package does not depend on discovery).
 */
public interface ListedUrlDiscovery {

    /** What the URL of {@code listed} leads to (fetched with its own User-Agent and proxy). */
    Outcome discoverListed(FeedListEntry listed);

    sealed interface Outcome {
        /** A feed or a sitemap, or nothing that can be told now: subscribed as listed (its polls say the rest). */
        record AsListed() implements Outcome {}

        /** A web page that leads to {@code feed}; {@code newsSitemap} is the one its robots.txt lists. */
        record Found(URI feed, Optional<URI> newsSitemap) implements Outcome {}

        /** A web page that leads to no feed: {@code detail} says what was tried. */
        record NoFeed(String detail) implements Outcome {}
    }
}
