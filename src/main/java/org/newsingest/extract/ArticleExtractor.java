package org.newsingest.extract;

import java.net.URI;
import java.util.Optional;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.newsingest.normalize.HtmlText;

/**
 * Reads one fetched HTML page. Thread-safe, stateless. Pure: no network, no database.
 *
 * <p>Metadata comes from the untouched page ({@link MetadataReader}); the body from a cleaned
 * copy ({@link BodyFinder}), or, when the markup holds little text, from the JSON-LD
 * {@code articleBody} if that is much longer; then {@link PageClassifier} decides whether what was
 * found is an article at all.
 */
public final class ArticleExtractor {

    public ArticleExtractor() {}

    /** html: the decoded page; pageUrl: its final URL (for resolving relative links). */
    public PageReading read(String html, URI pageUrl) {
        Document page = Jsoup.parse(html, pageUrl.toString());
        Optional<JsonLdArticle> jsonLd = JsonLdArticle.find(page);
        PageMetadata metadata = MetadataReader.read(page, jsonLd, pageUrl);
        String body = BodyText.join(BodyFinder.paragraphs(page));
        if (body.length() < BodyFinder.ENOUGH) {
            // A page that builds its text with scripts may still state it in JSON-LD.
            String structured = jsonLd.flatMap(JsonLdArticle::articleBody).map(HtmlText::toText).orElse("");
            if (structured.length() >= 2 * Math.max(body.length(), PageClassifier.MIN_BODY)) {
                body = structured;
            }
        }
        String pageText = page.body() == null ? "" : page.body().text();
        Optional<PageReading.NotArticle> notArticle = PageClassifier.classify(html, page, pageText, body, metadata);
        if (notArticle.isPresent()) {
            return notArticle.get();
        }
        return new PageReading.Article(body, metadata);
    }
}
