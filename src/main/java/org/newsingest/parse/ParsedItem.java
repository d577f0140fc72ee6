package org.newsingest.parse;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * One entry of a feed, with every fallback already applied (see {@link FeedParser}). A date the
 * feed does not give stays empty; nothing is invented.
 *
 * <p>Text fields ({@code title}, {@code summaryHtml}, {@code contentHtml}, {@code author}) are HTML:
 * values the feed marks as plain text are HTML-escaped, so the normalize stage treats every field
 * the same way. URLs are resolved against {@code xml:base}, Content-Location and the document URL.
 *
 * @param guid RSS {@code guid} as written, Atom {@code id}, RDF {@code rdf:about}, JSON Feed {@code id}
 * @param link the alternate link; else a permalink guid or an id that is an http(s) URL
 * @param linkFromId true when {@code link} came from the guid/id fallback
 * @param published pubDate, else {@code dc:date}, else updated (the fallback chain)
 * @param issued the entry's own publication date element only (pubDate, Atom published / issued,
 *     {@code dcterms:issued}), without fallback
 * @param updated Atom updated / modified, {@code dc:date}, {@code dcterms:modified}
 * @param enclosures {@code <enclosure>} and Atom {@code rel="enclosure"} links, then {@code media:content}
 * @param language the entry's own {@code xml:lang} / {@code dc:language}; the feed's is on {@link ParsedFeed}
 * @param flags what the parser noticed about the entry (e.g. a date in the far future)
 */
public record ParsedItem(
        Optional<String> guid,
        Optional<String> link,
        boolean linkFromId,
        Optional<String> title,
        Optional<String> summaryHtml,
        Optional<String> contentHtml,
        Optional<String> author,
        Optional<Instant> published,
        Optional<Instant> issued,
        Optional<Instant> updated,
        List<String> categories,
        List<Enclosure> enclosures,
        Optional<String> language,
        Set<Flag> flags) {

    /** An {@code <enclosure>}, Atom {@code rel="enclosure"} link or {@code media:content}. */
    public record Enclosure(String url, Optional<String> type, Optional<Long> length, Source source) {
        public Enclosure(String url, Optional<String> type, Optional<Long> length) {
            this(url, type, length, Source.ENCLOSURE);
        }
    }

    public enum Source {
        /** RSS {@code <enclosure>}, Atom {@code <link rel="enclosure">}, JSON Feed attachment. */
        ENCLOSURE,
        /** {@code media:content}. */
        MEDIA_CONTENT
    }

    public enum Flag {
        /** A date more than a day ahead of the parse time: kept as written, but not to be trusted for ordering. */
        FUTURE_DATE,
        /** A date element was present but could not be read; the date stays empty. */
        UNREADABLE_DATE,
        /** The source gave no title (a plain sitemap entry): the title was made from the URL's slug. */
        TITLE_FROM_URL
    }
}
