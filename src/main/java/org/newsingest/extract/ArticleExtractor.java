package org.newsingest.extract;

import java.net.URI;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;

/** Reads one fetched HTML page. Thread-safe, stateless. */
public final class ArticleExtractor {

    public ArticleExtractor() {}

    /** html: the decoded page; pageUrl: its final URL (for resolving relative links). */
    public PageReading read(String html, URI pageUrl) {
        Document page = Jsoup.parse(html, pageUrl.toString());
        return new PageReading.Article(BodyText.join(BodyFinder.paragraphs(page)), PageMetadata.NONE);
    }
}
