package org.newsingest.parse;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.newsingest.feed.PollError;

/** The outcome of parsing one body: a feed, or a specific reason why it is not one. */
public sealed interface ParseResult {

    record Parsed(ParsedFeed feed) implements ParseResult {}

    /**
     * A sitemap index (sitemaps.org {@code <sitemapindex>}): no entries of its own, only the
     * sitemaps it lists, each with its {@code lastmod} when given. The pipeline reads a bounded
     * number of them as one document.
     */
    record SitemapIndex(List<Child> sitemaps) implements ParseResult {
        public record Child(URI url, Optional<Instant> lastModified) {}
    }

    /** {@code error} is {@link PollError#NOT_A_FEED} or {@link PollError#PARSE_ERROR}. */
    record Failed(PollError error, String detail) implements ParseResult {}
}
