package org.newsingest.parse;

import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.jdom2.Document;
import org.jdom2.Element;
import org.jdom2.Namespace;

/**
 * Sitemaps as sources (sitemaps.org 0.9 and Google News sitemaps), read from the same secured
 * JDOM tree as every feed.
 *
 * <ul>
 *   <li>A {@code <urlset>} is a document whose every {@code <url>} is an entry: {@code loc} is its
 *       link (and identity), and a {@code news:news} block gives {@code news:title},
 *       {@code news:language}, {@code news:publication_date}, {@code news:keywords} (as
 *       categories) and the publication's name (the document's title).</li>
 *   <li>A plain sitemap entry has only {@code loc} and {@code lastmod}: its title is made from the
 *       URL's slug (the last path segment that is not a number or an id; hyphens and underscores
 *       become spaces) and the entry is flagged {@link ParsedItem.Flag#TITLE_FROM_URL}; its
 *       {@code lastmod} is its updated time and the fallback for its publication time.</li>
 *   <li>A {@code <sitemapindex>} lists other sitemaps: {@link ParseResult.SitemapIndex}, for the
 *       pipeline to fetch a bounded number of them.</li>
 * </ul>
 */
final class SitemapMapper {

    static final Namespace NEWS = Namespace.getNamespace("news", "http://www.google.com/schemas/sitemap-news/0.9");

    private SitemapMapper() {}

    static boolean isSitemap(Element root) {
        String name = root.getName().toLowerCase(Locale.ROOT);
        return name.equals("urlset") || name.equals("sitemapindex");
    }

    static ParseResult map(Document document, FeedContext context, String encoding, List<String> warnings) {
        Element root = document.getRootElement();
        Optional<URI> base = context.baseUri();
        if (root.getName().equalsIgnoreCase("sitemapindex")) {
            List<ParseResult.SitemapIndex.Child> children = new ArrayList<>();
            for (Element sitemap : children(root, "sitemap")) {
                location(sitemap, base).ifPresent(loc -> children.add(new ParseResult.SitemapIndex.Child(loc, date(sitemap, "lastmod", null))));
            }
            return new ParseResult.SitemapIndex(children);
        }
        Instant now = Instant.now();
        List<ParsedItem> items = new ArrayList<>();
        Optional<String> publication = Optional.empty();
        List<String> languages = new ArrayList<>();
        boolean news = false;
        for (Element url : children(root, "url")) {
            Optional<URI> loc = location(url, base);
            if (loc.isEmpty()) {
                warnings.add("a <url> without a usable http(s) <loc> was skipped");
                continue;
            }
            Element block = url.getChild("news", NEWS);
            Set<ParsedItem.Flag> flags = EnumSet.noneOf(ParsedItem.Flag.class);
            Optional<Instant> lastmod = date(url, "lastmod", flags);
            Optional<Instant> issued = Optional.empty();
            Optional<String> title;
            Optional<String> language = Optional.empty();
            List<String> keywords = List.of();
            if (block != null) {
                news = true;
                issued = date(block, NEWS, "publication_date", flags);
                title = text(block.getChild("title", NEWS)).map(TextConstructs::escape);
                keywords = text(block.getChild("keywords", NEWS))
                        .map(k -> Arrays.stream(k.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList()).orElse(List.of());
                Element pub = block.getChild("publication", NEWS);
                if (pub != null) {
                    language = text(pub.getChild("language", NEWS));
                    if (publication.isEmpty()) {
                        publication = text(pub.getChild("name", NEWS)).map(TextConstructs::escape);
                    }
                }
            } else {
                title = Optional.empty();
            }
            if (title.isEmpty()) {
                title = slugTitle(loc.get()).map(TextConstructs::escape);
                flags.add(ParsedItem.Flag.TITLE_FROM_URL);
            }
            Optional<Instant> published = issued.or(() -> lastmod);
            if (published.filter(at -> at.isAfter(now.plusSeconds(86_400))).isPresent()) {
                flags.add(ParsedItem.Flag.FUTURE_DATE);
            }
            language.ifPresent(languages::add);
            items.add(new ParsedItem(Optional.empty(), Optional.of(loc.get().toString()), false, title, Optional.empty(), Optional.empty(),
                    Optional.empty(), published, issued, lastmod, keywords, List.of(), language, flags));
        }
        Optional<String> feedLanguage = languages.isEmpty() || languages.stream().distinct().count() > 1
                ? Optional.empty() : Optional.of(languages.get(0));
        Optional<String> title = publication.or(() -> base.map(uri -> "Sitemap of " + uri.getHost()));
        return new ParseResult.Parsed(new ParsedFeed(news ? "sitemap_news" : "sitemap", title, base.map(uri -> uri.resolve("/").toString()),
                feedLanguage, Optional.empty(), Optional.empty(), encoding, List.copyOf(warnings), items));
    }

    /**
     * A readable title from the URL's slug: {@code /a/kremlin-denies-mobilization/33640001.html}
     * gives "Kremlin denies mobilization". Segments that are numbers, ids or index pages are passed over.
     */
    static Optional<String> slugTitle(URI url) {
        String path = url.getPath() == null ? "" : url.getPath();
        String[] segments = path.split("/");
        for (int i = segments.length - 1; i >= 0; i--) {
            String segment = segments[i].replaceFirst("\\.[A-Za-z0-9]{1,5}$", "");
            if (segment.isBlank() || segment.matches("[0-9_-]+") || segment.equalsIgnoreCase("index") || !segment.matches(".*\\p{L}{2,}.*")) {
                continue;
            }
            String words = segment.replaceAll("[-_+]+", " ").strip();
            return Optional.of(Character.toUpperCase(words.charAt(0)) + words.substring(1));
        }
        return Optional.empty();
    }

    /** Children named {@code name} in the sitemap namespace, or in none (some sitemaps leave it out). */
    private static List<Element> children(Element parent, String name) {
        return parent.getChildren().stream().filter(e -> e.getName().equals(name) && !e.getNamespace().equals(NEWS)).toList();
    }

    private static Element child(Element parent, String name) {
        return children(parent, name).stream().findFirst().orElse(null);
    }

    private static Optional<URI> location(Element parent, Optional<URI> base) {
        return text(child(parent, "loc")).flatMap(Uris::parse)
                .map(uri -> base.map(b -> Uris.resolve(b, uri)).orElse(uri))
                .filter(uri -> uri.getHost() != null && ("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme())));
    }

    private static Optional<Instant> date(Element parent, String name, Set<ParsedItem.Flag> flags) {
        return readDate(text(child(parent, name)), flags);
    }

    private static Optional<Instant> date(Element parent, Namespace namespace, String name, Set<ParsedItem.Flag> flags) {
        return readDate(text(parent.getChild(name, namespace)), flags);
    }

    private static Optional<Instant> readDate(Optional<String> raw, Set<ParsedItem.Flag> flags) {
        Optional<Instant> date = raw.flatMap(Dates::parse);
        if (raw.isPresent() && date.isEmpty() && flags != null) {
            flags.add(ParsedItem.Flag.UNREADABLE_DATE);
        }
        return date;
    }

    private static Optional<String> text(Element element) {
        return Optional.ofNullable(element).map(Element::getTextNormalize).filter(s -> !s.isEmpty());
    }
}
