package org.newsingest.normalize;

import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.newsingest.dedupe.Digests;
import org.newsingest.feed.EntryWarning;
import org.newsingest.parse.ParsedFeed;
import org.newsingest.parse.ParsedItem;

/**
 * Cleans parsed documents for storage and events:
 * <ul>
 *   <li>the feed title, item {@code title}, {@code summary} and {@code contentText} become plain text
 *       ({@link HtmlText}); events carry no HTML, so no sanitised HTML is kept;</li>
 *   <li>every stored string loses the characters PostgreSQL or JSON cannot hold ({@link StoredText}),
 *       also those that HTML decoding produced ({@code &amp;#0;});</li>
 *   <li>links and enclosure URLs are resolved and kept only when they are http(s): no
 *       {@code javascript:}, {@code data:} or other scheme survives; the canonical URL is derived;</li>
 *   <li>language: the item's, else the feed's, else {@link LanguageDetection detected} from the text;</li>
 *   <li>a date more than a day in the future (flagged by the parser) is dropped rather than
 *       published: it would sort the item above everything for years;</li>
 *   <li>every field has a limit in UTF-8 bytes, so that one event stays far below Kafka's 1 MB
 *       default message size and no value can pass PostgreSQL's btree limit (see the constants).</li>
 * </ul>
 * Each repair, and each entry refused because nothing storable is left of it, becomes an
 * {@link EntryWarning} with a stable code (the {@code *_CODE} constants; docs/reliability.md lists them).
 */
@ApplicationScoped
public class ItemNormalizer {

    // Limits in UTF-8 bytes. Worst case of one event: 2 000 + 8 000 + 200 000 + 1 000 + 50 x 400
    // + 1 000 + 2 000 x 22 URLs + 20 x 255 + the feed's title (2 000) < 290 kB, far below 1 MB.
    static final int MAX_TITLE = 2_000;
    static final int MAX_SUMMARY = 8_000;
    static final int MAX_CONTENT = 200_000;
    static final int MAX_AUTHOR = 1_000;
    static final int MAX_CATEGORY = 400;
    static final int MAX_CATEGORIES = 50;
    static final int MAX_ENCLOSURES = 20;
    static final int MAX_ENCLOSURE_TYPE = 255;
    /** Well below the ~2 700 bytes a btree entry may have: {@code item.canonical_url} is uniquely indexed. */
    static final int MAX_URL = 2_000;
    /** A longer GUID is stored as {@code sha256:<hex>}: still stable across polls, so still an identity. */
    static final int MAX_GUID = 1_000;
    static final int MAX_LANGUAGE = 35;
    /** Entry names in warnings: enough to find the entry, short enough for a log line. */
    static final int MAX_ENTRY_NAME = 200;
    /** Warnings kept per document: a 200 000-entry document of bad entries must not make a huge log line. */
    static final int MAX_WARNINGS = 100;
    static final Duration FUTURE_TOLERANCE = Duration.ofDays(1);

    /** Characters PostgreSQL or JSON cannot hold were removed from the named fields. */
    public static final String CONTROLS_REMOVED_CODE = "control_characters_removed";
    /** The named fields were cut to their byte limit. */
    public static final String TRUNCATED_CODE = "field_truncated";
    /** The GUID was longer than {@value #MAX_GUID} bytes and is stored as its SHA-256. */
    public static final String GUID_HASHED_CODE = "guid_hashed";
    /** The link was longer than {@value #MAX_URL} bytes and is not stored. */
    public static final String LINK_DROPPED_CODE = "link_dropped";
    /** Enclosures whose URL was longer than {@value #MAX_URL} bytes are not stored. */
    public static final String ENCLOSURE_DROPPED_CODE = "enclosure_dropped";
    /** Refused: no title, link, text or enclosure was left after cleaning. */
    public static final String EMPTY_ENTRY_CODE = "entry_empty";
    /** The document had more entries than {@code ingest.poll.max-entries-per-document}; the rest were not read. */
    public static final String ENTRIES_CAPPED_CODE = "entries_capped";
    /** More than {@value #MAX_WARNINGS} warnings: the rest are counted, not listed. */
    public static final String WARNINGS_CAPPED_CODE = "warnings_capped";
    /**
     * The parser repaired the document to read it (characters XML forbids, undeclared entities,
     * an undecodable byte, a skipped external DTD, not well-formed XML read leniently).
     */
    public static final String DOCUMENT_REPAIRED_CODE = "document_repaired";
    /** The name warnings about the whole document carry instead of an entry's. */
    public static final String DOCUMENT_ENTRY = "(document)";
    /** The name warnings about the feed's own title carry instead of an entry's. */
    public static final String FEED_TITLE_ENTRY = "(feed title)";

    private static final Pattern CONTROL = Pattern.compile("[\\p{Cntrl}&&[^\\n\\t]]");
    private static final Pattern WHITESPACE = Pattern.compile("\\s+");
    private static final Pattern NEWLINE = Pattern.compile("\\s*\\n\\s*");
    private static final Pattern LANGUAGE_TAG = Pattern.compile("[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*");

    /**
     * The document's first {@code maxEntries} entries in document order (feeds list the newest
     * first), cleaned; entries with nothing storable left are refused. Every repair and refusal,
     * the parser's repairs of the whole document included, is in {@link NormalizedDocument#warnings()}.
     */
    public NormalizedDocument normalize(ParsedFeed feed, URI documentUrl, int maxEntries) {
        Warnings warnings = new Warnings();
        for (String repair : feed.warnings()) {
            warnings.add(new EntryWarning(DOCUMENT_ENTRY, DOCUMENT_REPAIRED_CODE, StoredText.truncate(StoredText.clean(repair), 500)));
        }
        Repairs titleRepairs = new Repairs();
        Optional<String> title = feed.title()
                .map(t -> titleRepairs.bounded("title", oneLine(titleRepairs.html("title", t)), MAX_TITLE))
                .filter(t -> !t.isEmpty());
        titleRepairs.report(FEED_TITLE_ENTRY, warnings);

        List<ParsedItem> entries = feed.items();
        // The parser may have stopped building entries at the cap already; it counted them all.
        if (feed.entriesInDocument() > maxEntries || entries.size() > maxEntries) {
            warnings.add(new EntryWarning("#" + (maxEntries + 1), ENTRIES_CAPPED_CODE, "the document has "
                    + Math.max(feed.entriesInDocument(), entries.size())
                    + " entries; only the first " + maxEntries + " were read (ingest.poll.max-entries-per-document)"));
            entries = entries.subList(0, Math.min(entries.size(), maxEntries));
        }
        List<NormalizedItem> items = new ArrayList<>(entries.size());
        for (int i = 0; i < entries.size(); i++) {
            Repairs repairs = new Repairs();
            NormalizedItem item = normalize(entries.get(i), feed, documentUrl, repairs);
            String name = entryName(item, i + 1);
            if (nothingToStore(item)) {
                warnings.add(new EntryWarning(name, EMPTY_ENTRY_CODE, "refused: no title, link, text or enclosure is left after cleaning"
                        + repairs.summary()));
            } else {
                repairs.report(name, warnings);
                items.add(item);
            }
        }
        return new NormalizedDocument(title, items, warnings.list());
    }

    /** One entry on its own, cleaned the same way; its repairs are not reported (see {@link #normalize(ParsedFeed, URI, int)}). */
    public NormalizedItem normalize(ParsedItem item, ParsedFeed feed, URI feedUrl) {
        return normalize(item, feed, feedUrl, new Repairs());
    }

    private NormalizedItem normalize(ParsedItem item, ParsedFeed feed, URI feedUrl, Repairs repairs) {
        URI base = feed.link().flatMap(ItemNormalizer::uri).map(feedUrl::resolve).orElse(feedUrl);
        Optional<String> url = item.link().flatMap(link -> absoluteHttp(base, repairs.text("link", link)))
                .filter(u -> repairs.keepUrl(LINK_DROPPED_CODE, "link", u));
        Optional<String> title = item.title().map(t -> repairs.html("title", t)).filter(s -> !s.isEmpty())
                .map(t -> repairs.bounded("title", oneLine(t), MAX_TITLE));
        Optional<String> summary = item.summaryHtml().map(s -> repairs.html("summary", s)).filter(s -> !s.isEmpty())
                .map(s -> repairs.bounded("summary", s, MAX_SUMMARY));
        Optional<String> content = item.contentHtml().map(c -> repairs.html("content", c)).filter(s -> !s.isEmpty())
                .map(c -> repairs.bounded("content", c, MAX_CONTENT));
        Optional<String> language = item.language().or(feed::language).map(ItemNormalizer::languageTag)
                .filter(l -> !l.isEmpty())
                .or(() -> LanguageDetection.detect(title.orElse("") + "\n" + content.or(() -> summary).orElse("")))
                .map(l -> StoredText.truncate(l, MAX_LANGUAGE));
        Instant latest = Instant.now().plus(FUTURE_TOLERANCE);
        return new NormalizedItem(
                item.guid().map(g -> repairs.text("guid", g).strip()).filter(g -> !g.isEmpty()).map(repairs::guid),
                url,
                url.flatMap(CanonicalUrl::of).filter(c -> !StoredText.exceeds(c, MAX_URL)),
                title,
                // A summary made from the content is a shortening, not a repair of the feed's data.
                summary.or(() -> content.map(c -> StoredText.truncate(c, MAX_SUMMARY))),
                content,
                item.author().map(a -> plainText(repairs.text("author", a))).filter(s -> !s.isEmpty())
                        .map(a -> repairs.bounded("author", a, MAX_AUTHOR)),
                language,
                item.published().filter(d -> !d.isAfter(latest)),
                item.updated().filter(d -> !d.isAfter(latest)),
                categories(item.categories(), repairs),
                item.enclosures().stream()
                        .flatMap(e -> absoluteHttp(base, repairs.text("enclosure url", e.url()))
                                .filter(u -> repairs.keepUrl(ENCLOSURE_DROPPED_CODE, "enclosure url", u))
                                .map(u -> new NormalizedItem.Enclosure(u,
                                        e.type().map(t -> repairs.bounded("enclosure type", plainText(repairs.text("enclosure type", t)),
                                                MAX_ENCLOSURE_TYPE)).filter(t -> !t.isEmpty()),
                                        e.length().filter(l -> l >= 0))).stream())
                        .distinct()
                        .limit(MAX_ENCLOSURES)
                        .toList());
    }

    private static List<String> categories(List<String> raw, Repairs repairs) {
        LinkedHashSet<String> unique = new LinkedHashSet<>();
        for (String category : raw) {
            String text = plainText(repairs.text("category", category));
            if (!text.isEmpty()) {
                unique.add(repairs.bounded("category", text, MAX_CATEGORY));
            }
        }
        return unique.stream().limit(MAX_CATEGORIES).toList();
    }

    private static boolean nothingToStore(NormalizedItem item) {
        return item.title().isEmpty() && item.url().isEmpty() && item.summary().isEmpty() && item.contentText().isEmpty()
                && item.enclosures().isEmpty();
    }

    /** How a warning names an entry: its GUID, else its link, else {@code #<position>} (1 for the first entry). */
    private static String entryName(NormalizedItem item, int position) {
        return item.guid().or(item::url).map(name -> StoredText.truncate(name, MAX_ENTRY_NAME)).orElse("#" + position);
    }

    /** Fields that are text, not HTML (author, categories): only control characters and runs of whitespace go. */
    static String plainText(String value) {
        return WHITESPACE.matcher(CONTROL.matcher(value).replaceAll("")).replaceAll(" ").strip();
    }

    private static String oneLine(String text) {
        return text.indexOf('\n') < 0 ? text : NEWLINE.matcher(text).replaceAll(" ");
    }

    /** {@code en_US} and {@code en-us} alike become {@code en-US}; junk becomes empty. */
    static String languageTag(String raw) {
        String tag = raw.strip().replace('_', '-');
        if (!LANGUAGE_TAG.matcher(tag).matches()) {
            return "";
        }
        return java.util.Locale.forLanguageTag(tag).toLanguageTag().replace("und", "");
    }

    /** {@code link} resolved against {@code base}, if that gives an http(s) URL; never javascript: or data:. */
    private static Optional<String> absoluteHttp(URI base, String link) {
        return uri(link.strip()).map(base::resolve)
                .filter(u -> "http".equalsIgnoreCase(u.getScheme()) || "https".equalsIgnoreCase(u.getScheme()))
                .filter(u -> u.getHost() != null)
                .map(URI::toString);
    }

    private static Optional<URI> uri(String value) {
        try {
            return Optional.of(new URI(value));
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
    }

    private record Note(String code, String detail) {}

    /** What was repaired in one entry (or the feed title), reported as at most one warning per code. */
    private static final class Repairs {
        private final LinkedHashSet<String> cleaned = new LinkedHashSet<>();
        private final LinkedHashSet<String> truncated = new LinkedHashSet<>();
        private final List<Note> other = new ArrayList<>();

        /** {@code value} without unstorable characters; notes the field when some were removed. */
        String text(String field, String value) {
            String clean = StoredText.clean(value);
            if (clean != value) {
                cleaned.add(field);
            }
            return clean;
        }

        /**
         * HTML as plain text ({@link HtmlText}), cleaned before decoding and again after it: a
         * reference such as {@code &#0;} only becomes an unstorable character when decoded.
         */
        String html(String field, String value) {
            String text = HtmlText.toText(text(field, value));
            String clean = text(field, text);
            return clean == text ? text : clean.strip();
        }

        String bounded(String field, String value, int maxBytes) {
            if (!StoredText.exceeds(value, maxBytes)) {
                return value;
            }
            truncated.add(field + " (" + StoredText.utf8Length(value) + " bytes, limit " + maxBytes + ")");
            return StoredText.truncate(value, maxBytes);
        }

        String guid(String guid) {
            if (!StoredText.exceeds(guid, MAX_GUID)) {
                return guid;
            }
            String hashed = "sha256:" + Digests.sha256(guid);
            other.add(new Note(GUID_HASHED_CODE, "the GUID has " + StoredText.utf8Length(guid) + " bytes (limit " + MAX_GUID
                    + "); stored as its SHA-256"));
            return hashed;
        }

        boolean keepUrl(String code, String field, String url) {
            if (!StoredText.exceeds(url, MAX_URL)) {
                return true;
            }
            other.add(new Note(code, "the " + field + " has " + StoredText.utf8Length(url) + " bytes (limit " + MAX_URL
                    + ") and is not stored"));
            return false;
        }

        /** The repairs in a few words, for a refusal's detail. */
        String summary() {
            return cleaned.isEmpty() ? "" : " (unstorable characters removed from " + String.join(", ", cleaned) + ")";
        }

        void report(String entry, Warnings warnings) {
            if (!cleaned.isEmpty()) {
                warnings.add(new EntryWarning(entry, CONTROLS_REMOVED_CODE,
                        "removed characters PostgreSQL or JSON cannot hold (NUL, control characters, lone surrogates) from "
                                + String.join(", ", cleaned)));
            }
            if (!truncated.isEmpty()) {
                warnings.add(new EntryWarning(entry, TRUNCATED_CODE, "cut to its limit in UTF-8 bytes: " + String.join(", ", truncated)));
            }
            for (Note note : other) {
                warnings.add(new EntryWarning(entry, note.code(), note.detail()));
            }
        }
    }

    /** A document's warnings, at most {@value #MAX_WARNINGS} listed and the rest counted. */
    private static final class Warnings {
        private final List<EntryWarning> listed = new ArrayList<>();
        private int unlisted;

        void add(EntryWarning warning) {
            if (listed.size() < MAX_WARNINGS) {
                listed.add(warning);
            } else {
                unlisted++;
            }
        }

        List<EntryWarning> list() {
            if (unlisted == 0) {
                return List.copyOf(listed);
            }
            List<EntryWarning> all = new ArrayList<>(listed);
            all.add(new EntryWarning("#*", WARNINGS_CAPPED_CODE, unlisted + " more warnings of this document are not listed"));
            return List.copyOf(all);
        }
    }
}
