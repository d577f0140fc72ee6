package org.newsingest.extract;

import java.net.URI;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

/**
 * TEMPORARY stand-in for the extractcore branch's extractor (same API), so the stage around it can be
 * built and tested: the paragraphs of {@code <article>} (else of the whole body), a few meta tags.
 * The integrator replaces this file with theirs; it is deliberately not tuned.
 */
public final class ArticleExtractor {

    private static final int MIN_BODY = 200;

    public ArticleExtractor() {}

    public PageReading read(String html, URI pageUrl) {
        Document page = Jsoup.parse(html, pageUrl.toString());
        PageMetadata metadata = metadata(page);
        if (metadata.accessibleForFree().filter(free -> !free).isPresent()) {
            return new PageReading.NotArticle("paywalled", "isAccessibleForFree is false", metadata);
        }
        Element root = Optional.ofNullable(page.selectFirst("article")).orElse(page.body());
        StringBuilder text = new StringBuilder();
        for (Element paragraph : root.select("p")) {
            String line = paragraph.text().strip();
            if (!line.isEmpty()) {
                text.append(text.isEmpty() ? "" : "\n\n").append(line);
            }
        }
        if (text.length() < MIN_BODY) {
            return new PageReading.NotArticle("too_short", "the page's text has " + text.length() + " characters", metadata);
        }
        return new PageReading.Article(text.toString(), metadata);
    }

    private static PageMetadata metadata(Document page) {
        Optional<String> free = meta(page, "meta[property=article:content_tier]").map(tier -> tier.equals("free") ? "true" : "false");
        return new PageMetadata(
                meta(page, "meta[property=og:title]").map(v -> new Sourced<>(v, "og:title")),
                meta(page, "meta[name=author]").map(v -> new Sourced<>(v, "meta:author")),
                meta(page, "meta[property=article:published_time]").flatMap(ArticleExtractor::instant)
                        .map(v -> new Sourced<>(v, "article:published_time")),
                Optional.empty(),
                meta(page, "meta[property=og:image]").map(v -> new Sourced<>(v, "og:image")),
                Optional.empty(),
                List.of(),
                Optional.of(page.select("html").attr("lang")).filter(v -> !v.isBlank()).map(v -> new Sourced<>(v, "html:lang")),
                Optional.ofNullable(page.selectFirst("link[rel=canonical]")).map(link -> link.absUrl("href")).filter(v -> !v.isEmpty())
                        .map(v -> new Sourced<>(URI.create(v), "link:canonical")),
                free.map(Boolean::parseBoolean));
    }

    private static Optional<String> meta(Document page, String query) {
        return Optional.ofNullable(page.selectFirst(query)).map(e -> e.attr("content").strip()).filter(v -> !v.isEmpty());
    }

    private static Optional<Instant> instant(String value) {
        try {
            return Optional.of(Instant.parse(value));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
