package org.newsingest.parse;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A feed document as read, in our own types. Text fields are HTML (see {@link ParsedItem});
 * cleaning happens in the normalize stage.
 *
 * @param format e.g. {@code rss_2.0}, {@code rss_1.0}, {@code atom_1.0}, {@code atom_0.3}, {@code json_feed_1.1}
 * @param link the feed's alternate (home page) link, absolute when a base URI was known
 * @param language {@code <language>}, {@code dc:language}, {@code xml:lang} on the root, else Content-Language
 * @param ttl the feed's own hint how often to poll ({@code <ttl>}, {@code sy:updatePeriod})
 * @param updated {@code lastBuildDate}, Atom updated / modified, {@code dc:date}
 * @param encoding the character encoding the body was read with
 * @param warnings what was repaired or overridden to read the document (empty for a clean one)
 * @param entriesInDocument entries the document has: more than {@code items} when the parser stopped
 *     building them at the cap ({@code ingest.poll.max-entries-per-document})
 * @param hubs WebSub hubs the document advertises ({@code atom:link rel="hub"}, JSON Feed {@code hubs}), absolute, in document order
 * @param self the document's own URL ({@code atom:link rel="self"}, JSON Feed {@code feed_url}): the WebSub topic
 */
public record ParsedFeed(
        String format,
        Optional<String> title,
        Optional<String> link,
        Optional<String> language,
        Optional<Duration> ttl,
        Optional<Instant> updated,
        String encoding,
        List<String> warnings,
        List<ParsedItem> items,
        int entriesInDocument,
        List<String> hubs,
        Optional<String> self) {

    /** A document whose every entry was built and that advertises no WebSub hub. */
    public ParsedFeed(String format, Optional<String> title, Optional<String> link, Optional<String> language, Optional<Duration> ttl,
                      Optional<Instant> updated, String encoding, List<String> warnings, List<ParsedItem> items) {
        this(format, title, link, language, ttl, updated, encoding, warnings, items, items.size(), List.of(), Optional.empty());
    }

    /** The same document with {@code title} in place of its own (e.g. the normalised one). */
    public ParsedFeed withTitle(Optional<String> title) {
        return new ParsedFeed(format, title, link, language, ttl, updated, encoding, warnings, items, entriesInDocument, hubs, self);
    }
}
