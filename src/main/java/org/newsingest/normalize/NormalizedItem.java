package org.newsingest.normalize;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** An item cleaned for storage and events: plain text, absolute and canonical URLs, bounded lengths. */
public record NormalizedItem(
        Optional<String> guid,
        Optional<String> url,
        Optional<String> canonicalUrl,
        Optional<String> title,
        Optional<String> summary,
        Optional<String> contentText,
        Optional<String> author,
        Optional<String> language,
        Optional<Instant> published,
        Optional<Instant> updated,
        List<String> categories,
        List<Enclosure> enclosures) {

    public record Enclosure(String url, Optional<String> type, Optional<Long> length) {}
}
