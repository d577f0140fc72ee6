package org.newsingest.extract;

import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

/**
 * A page's metadata, each field from the most specific source that has it: the JSON-LD article
 * object first (the publisher's structured statement), then OpenGraph ({@code og:} and
 * {@code article:} properties), then plain named {@code <meta>} tags; the canonical URL from
 * {@code <link rel=canonical>}, else {@code og:url}; the language from {@code <html lang>}, else
 * the JSON-LD {@code inLanguage}, else {@code og:locale}. Every value records its source.
 */
final class MetadataReader {

    private MetadataReader() {}

    static PageMetadata read(Document page, Optional<JsonLdArticle> jsonLd, URI pageUrl) {
        return new PageMetadata(
                title(page, jsonLd),
                fromJsonLd(jsonLd, JsonLdArticle::author)
                        .or(() -> property(page, "article:author").filter(v -> !isUrl(v)).map(v -> new Sourced<>(v, Sourced.OPENGRAPH)))
                        .or(() -> named(page, "author", "byl", "parsely-author", "sailthru.author", "dc.creator")
                                .map(v -> new Sourced<>(v, Sourced.META))),
                date(page, jsonLd, JsonLdArticle::datePublished, "article:published_time",
                        "pubdate", "publishdate", "date", "parsely-pub-date", "sailthru.date", "dc.date.issued"),
                date(page, jsonLd, JsonLdArticle::dateModified, "article:modified_time", "lastmod", "dc.date.modified"),
                fromJsonLd(jsonLd, JsonLdArticle::image).map(s -> new Sourced<>(absolute(pageUrl, s.value()), s.source()))
                        .or(() -> property(page, "og:image").map(v -> new Sourced<>(absolute(pageUrl, v), Sourced.OPENGRAPH))),
                fromJsonLd(jsonLd, JsonLdArticle::section)
                        .or(() -> property(page, "article:section").map(v -> new Sourced<>(v, Sourced.OPENGRAPH))),
                keywords(page, jsonLd),
                language(page, jsonLd),
                canonical(page, pageUrl),
                jsonLd.flatMap(JsonLdArticle::accessibleForFree));
    }

    private static Optional<Sourced<String>> title(Document page, Optional<JsonLdArticle> jsonLd) {
        return fromJsonLd(jsonLd, JsonLdArticle::headline)
                .or(() -> property(page, "og:title").map(v -> new Sourced<>(v, Sourced.OPENGRAPH)))
                .or(() -> Optional.of(page.title().strip()).filter(t -> !t.isEmpty()).map(v -> new Sourced<>(v, "title")));
    }

    private static Optional<Sourced<Instant>> date(Document page, Optional<JsonLdArticle> jsonLd,
            Function<JsonLdArticle, Optional<String>> field, String openGraph, String... metaNames) {
        return jsonLd.flatMap(field).flatMap(PageDates::parse).map(v -> new Sourced<>(v, Sourced.JSON_LD))
                .or(() -> property(page, openGraph).flatMap(PageDates::parse).map(v -> new Sourced<>(v, Sourced.OPENGRAPH)))
                .or(() -> named(page, metaNames).flatMap(PageDates::parse).map(v -> new Sourced<>(v, Sourced.META)));
    }

    private static List<String> keywords(Document page, Optional<JsonLdArticle> jsonLd) {
        LinkedHashSet<String> found = new LinkedHashSet<>(jsonLd.map(JsonLdArticle::keywords).orElse(List.of()));
        if (found.isEmpty()) {
            for (Element tag : page.select("meta[property=article:tag]")) {
                addNonBlank(found, tag.attr("content"));
            }
        }
        if (found.isEmpty()) {
            named(page, "keywords", "news_keywords").ifPresent(list -> {
                for (String word : list.split(",")) {
                    addNonBlank(found, word);
                }
            });
        }
        return new ArrayList<>(found);
    }

    private static Optional<Sourced<String>> language(Document page, Optional<JsonLdArticle> jsonLd) {
        Element html = page.selectFirst("html");
        return Optional.ofNullable(html).map(h -> h.attr("lang").strip()).filter(l -> !l.isEmpty())
                .map(v -> new Sourced<>(v, Sourced.HTML_LANG))
                .or(() -> fromJsonLd(jsonLd, JsonLdArticle::language))
                .or(() -> property(page, "og:locale").map(v -> new Sourced<>(v.replace('_', '-'), Sourced.OPENGRAPH)));
    }

    /** Only an absolute http(s) URL counts: a canonical link that does not resolve to one is ignored. */
    private static Optional<Sourced<URI>> canonical(Document page, URI pageUrl) {
        Element link = page.selectFirst("link[rel~=(?i)^canonical$][href]");
        return Optional.ofNullable(link).flatMap(l -> httpUri(pageUrl, l.attr("href"))).map(u -> new Sourced<>(u, Sourced.LINK_CANONICAL))
                .or(() -> property(page, "og:url").flatMap(v -> httpUri(pageUrl, v)).map(u -> new Sourced<>(u, Sourced.OPENGRAPH)));
    }

    private static Optional<URI> httpUri(URI base, String href) {
        try {
            URI resolved = base.resolve(href.strip());
            String scheme = resolved.getScheme() == null ? "" : resolved.getScheme().toLowerCase(Locale.ROOT);
            return (scheme.equals("http") || scheme.equals("https")) && resolved.getHost() != null ? Optional.of(resolved) : Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static String absolute(URI base, String href) {
        return httpUri(base, href).map(URI::toString).orElse(href);
    }

    private static <T> Optional<Sourced<T>> fromJsonLd(Optional<JsonLdArticle> jsonLd, Function<JsonLdArticle, Optional<T>> field) {
        return jsonLd.flatMap(field).map(v -> new Sourced<>(v, Sourced.JSON_LD));
    }

    /** An OpenGraph-style {@code <meta property=...>} (some pages write {@code name=} instead). */
    private static Optional<String> property(Document page, String property) {
        for (Element meta : page.select("meta[property], meta[name]")) {
            String key = meta.hasAttr("property") ? meta.attr("property") : meta.attr("name");
            if (key.strip().equalsIgnoreCase(property) && !meta.attr("content").isBlank()) {
                return Optional.of(meta.attr("content").strip());
            }
        }
        return Optional.empty();
    }

    private static Optional<String> named(Document page, String... names) {
        for (String name : names) {
            for (Element meta : page.select("meta[name], meta[itemprop]")) {
                String key = meta.hasAttr("name") ? meta.attr("name") : meta.attr("itemprop");
                if (key.strip().equalsIgnoreCase(name) && !meta.attr("content").isBlank()) {
                    return Optional.of(meta.attr("content").strip());
                }
            }
        }
        return Optional.empty();
    }

    private static boolean isUrl(String value) {
        return value.startsWith("http://") || value.startsWith("https://");
    }

    private static void addNonBlank(LinkedHashSet<String> into, String value) {
        if (!value.isBlank()) {
            into.add(value.strip());
        }
    }
}
