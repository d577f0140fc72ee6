package org.newsingest.parse;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One entry of a feed, with every fallback already applied (see {@link FeedParser}). A date the
 * feed does not give stays empty; nothing is invented.
 */
public record ParsedItem(
        Optional<String> guid,
        Optional<String> link,
        Optional<String> title,
        Optional<String> summaryHtml,
        Optional<String> contentHtml,
        Optional<String> author,
        Optional<Instant> published,
        Optional<Instant> updated,
        List<String> categories,
        List<Enclosure> enclosures,
        Optional<String> language) {

    /** An {@code <enclosure>}, Atom {@code rel="enclosure"} link or {@code media:content}. */
    public record Enclosure(String url, Optional<String> type, Optional<Long> length) {}
}
