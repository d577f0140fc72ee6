package org.newsingest.normalize;

import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.newsingest.parse.ParsedFeed;
import org.newsingest.parse.ParsedItem;

/**
 * Cleans parsed items for storage and events:
 * <ul>
 *   <li>{@code title}, {@code summary} and {@code contentText} become plain text ({@link HtmlText});
 *       events carry no HTML, so no sanitised HTML is kept;</li>
 *   <li>links and enclosure URLs are resolved and kept only when they are http(s): no
 *       {@code javascript:}, {@code data:} or other scheme survives; the canonical URL is derived;</li>
 *   <li>language: the item's, else the feed's, else {@link LanguageDetection detected} from the text;</li>
 *   <li>a date more than a day in the future (flagged by the parser) is dropped rather than
 *       published: it would sort the item above everything for years;</li>
 *   <li>every field has a length limit, so that one event stays far below Kafka's 1 MB default
 *       message size (worst case about 420 kB of UTF-8, see the constants).</li>
 * </ul>
 */
@ApplicationScoped
public class ItemNormalizer {

    // Limits, in UTF-16 units (at most 3 bytes of UTF-8 each): 1 000 + 4 000 + 100 000 + 50 x 200
    // + 20 x 2 048 + a few short fields < 160 000 units < 480 kB, well below 1 MB.
    static final int MAX_TITLE = 1_000;
    static final int MAX_SUMMARY = 4_000;
    static final int MAX_CONTENT = 100_000;
    static final int MAX_SHORT_FIELD = 500;
    static final int MAX_CATEGORY = 200;
    static final int MAX_CATEGORIES = 50;
    static final int MAX_ENCLOSURES = 20;
    static final int MAX_URL = 2_048;
    static final int MAX_LANGUAGE = 35;
    static final Duration FUTURE_TOLERANCE = Duration.ofDays(1);

    private static final Pattern CONTROL = Pattern.compile("[\\p{Cntrl}&&[^\\n\\t]]");
    private static final Pattern WHITESPACE = Pattern.compile("\\s+");
    private static final Pattern NEWLINE = Pattern.compile("\\s*\\n\\s*");
    private static final Pattern LANGUAGE_TAG = Pattern.compile("[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*");

    public NormalizedItem normalize(ParsedItem item, ParsedFeed feed, URI feedUrl) {
        URI base = feed.link().flatMap(ItemNormalizer::uri).map(feedUrl::resolve).orElse(feedUrl);
        Optional<String> url = item.link().flatMap(link -> absoluteHttp(base, link));
        Optional<String> title = item.title().map(HtmlText::toText).filter(s -> !s.isEmpty()).map(t -> truncate(oneLine(t), MAX_TITLE));
        Optional<String> summary = item.summaryHtml().map(HtmlText::toText).filter(s -> !s.isEmpty());
        Optional<String> content = item.contentHtml().map(HtmlText::toText).filter(s -> !s.isEmpty());
        Optional<String> language = item.language().or(feed::language).map(ItemNormalizer::languageTag)
                .filter(l -> !l.isEmpty())
                .or(() -> LanguageDetection.detect(title.orElse("") + "\n" + content.or(() -> summary).orElse("")))
                .map(l -> truncate(l, MAX_LANGUAGE));
        Instant latest = Instant.now().plus(FUTURE_TOLERANCE);
        return new NormalizedItem(
                item.guid().map(g -> truncate(g.strip(), MAX_SHORT_FIELD)),
                url,
                url.flatMap(CanonicalUrl::of),
                title,
                summary.or(() -> content).map(s -> truncate(s, MAX_SUMMARY)),
                content.map(c -> truncate(c, MAX_CONTENT)),
                item.author().map(ItemNormalizer::plainText).filter(s -> !s.isEmpty()).map(a -> truncate(a, MAX_SHORT_FIELD)),
                language,
                item.published().filter(d -> !d.isAfter(latest)),
                item.updated().filter(d -> !d.isAfter(latest)),
                categories(item.categories()),
                item.enclosures().stream()
                        .flatMap(e -> absoluteHttp(base, e.url()).map(u -> new NormalizedItem.Enclosure(u,
                                e.type().map(t -> truncate(t, 255)), e.length().filter(l -> l >= 0))).stream())
                        .distinct()
                        .limit(MAX_ENCLOSURES)
                        .toList());
    }

    private static List<String> categories(List<String> raw) {
        LinkedHashSet<String> unique = new LinkedHashSet<>();
        for (String category : raw) {
            String text = plainText(category);
            if (!text.isEmpty()) {
                unique.add(truncate(text, MAX_CATEGORY));
            }
        }
        return unique.stream().limit(MAX_CATEGORIES).toList();
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
                .map(URI::toString)
                .filter(u -> u.length() <= MAX_URL);
    }

    private static Optional<URI> uri(String value) {
        try {
            return Optional.of(new URI(value));
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
    }

    private static String truncate(String value, int max) {
        if (value.length() <= max) {
            return value;
        }
        int end = Character.isHighSurrogate(value.charAt(max - 1)) ? max - 1 : max;
        return value.substring(0, end);
    }
}
