package org.newsingest.parse;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A feed document as read, in our own types. Text fields are as published (HTML kept where the
 * feed had HTML); cleaning happens in the normalize stage.
 *
 * @param format e.g. {@code rss_2.0}, {@code atom_1.0}, {@code json_feed_1.1}
 * @param ttl the feed's own hint how often to poll ({@code <ttl>}, {@code sy:updatePeriod})
 */
public record ParsedFeed(
        String format,
        Optional<String> title,
        Optional<String> link,
        Optional<String> language,
        Optional<Duration> ttl,
        List<ParsedItem> items) {}
