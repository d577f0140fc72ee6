package org.newsingest.normalize;

import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import org.newsingest.parse.ParsedFeed;
import org.newsingest.parse.ParsedItem;

/** Cleans parsed items: plain text from HTML, absolute links, canonical URL, length limits. */
@ApplicationScoped
public class ItemNormalizer {

    // Limits keep one event well below Kafka's default 1 MB message size.
    static final int MAX_TITLE = 1_000;
    static final int MAX_SUMMARY = 4_000;
    static final int MAX_CONTENT = 100_000;
    static final int MAX_SHORT_FIELD = 500;
    static final int MAX_CATEGORIES = 50;
    static final int MAX_ENCLOSURES = 20;

    public NormalizedItem normalize(ParsedItem item, ParsedFeed feed, URI feedUrl) {
        URI base = feed.link().flatMap(ItemNormalizer::uri).map(feedUrl::resolve).orElse(feedUrl);
        Optional<String> url = item.link().flatMap(link -> absoluteHttp(base, link));
        Optional<String> summary = item.summaryHtml().map(HtmlText::toText).filter(s -> !s.isEmpty());
        Optional<String> content = item.contentHtml().map(HtmlText::toText).filter(s -> !s.isEmpty());
        return new NormalizedItem(
                item.guid().map(g -> truncate(g, MAX_SHORT_FIELD)),
                url,
                url.flatMap(CanonicalUrl::of),
                item.title().map(HtmlText::toText).filter(s -> !s.isEmpty()).map(t -> truncate(t, MAX_TITLE)),
                summary.or(() -> content).map(s -> truncate(s, MAX_SUMMARY)),
                content.map(c -> truncate(c, MAX_CONTENT)),
                item.author().map(HtmlText::toText).filter(s -> !s.isEmpty()).map(a -> truncate(a, MAX_SHORT_FIELD)),
                item.language().or(feed::language).map(l -> truncate(l, 35)),
                item.published(),
                item.updated(),
                categories(item.categories()),
                item.enclosures().stream()
                        .flatMap(e -> absoluteHttp(base, e.url()).map(u -> new NormalizedItem.Enclosure(u, e.type(), e.length())).stream())
                        .limit(MAX_ENCLOSURES)
                        .toList());
    }

    private static List<String> categories(List<String> raw) {
        LinkedHashSet<String> unique = new LinkedHashSet<>();
        for (String category : raw) {
            String text = HtmlText.toText(category);
            if (!text.isEmpty()) {
                unique.add(truncate(text, MAX_SHORT_FIELD));
            }
        }
        return unique.stream().limit(MAX_CATEGORIES).toList();
    }

    /** {@code link} resolved against {@code base}, if that gives an http(s) URL; never javascript: or data:. */
    private static Optional<String> absoluteHttp(URI base, String link) {
        return uri(link.strip()).map(base::resolve)
                .filter(u -> "http".equalsIgnoreCase(u.getScheme()) || "https".equalsIgnoreCase(u.getScheme()))
                .map(URI::toString);
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
