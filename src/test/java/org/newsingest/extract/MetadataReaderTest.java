package org.newsingest.extract;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MetadataReaderTest {

    private final ArticleExtractor extractor = new ArticleExtractor();

    private PageMetadata metadata(String head) {
        return extractor.read(TestPages.page(head, TestPages.asHtml(TestPages.paragraphs(4))), TestPages.URL).metadata();
    }

    private static String jsonLd(String json) {
        return "<script type=\"application/ld+json\">" + json + "</script>";
    }

    @Test
    void readsTheNewsArticleInsideAGraphWithAuthorsImageObjectKeywordStringAndDates() {
        PageMetadata metadata = metadata(jsonLd("""
                {"@context":"https://schema.org","@graph":[
                  {"@type":"WebSite","name":"News"},
                  {"@type":"NewsArticle","headline":"River rises","author":[{"@type":"Person","name":"Ana Ruiz"},"Bo Li"],
                   "datePublished":"2026-12-06T08:30:00+0100","dateModified":"2026-12-06T09:00:00Z",
                   "image":{"@type":"ImageObject","url":"/img/river.jpg"},"articleSection":["World","Europe"],
                   "keywords":"floods, weather ,rivers","isAccessibleForFree":"False"}]}"""));
        assertThat(metadata.title()).contains(new Sourced<>("River rises", "json-ld"));
        assertThat(metadata.author()).contains(new Sourced<>("Ana Ruiz, Bo Li", "json-ld"));
        assertThat(metadata.published()).contains(new Sourced<>(Instant.parse("2026-12-06T07:30:00Z"), "json-ld"));
        assertThat(metadata.modified()).contains(new Sourced<>(Instant.parse("2026-12-06T09:00:00Z"), "json-ld"));
        assertThat(metadata.image()).contains(new Sourced<>("https://news.example/img/river.jpg", "json-ld"));
        assertThat(metadata.section()).contains(new Sourced<>("World", "json-ld"));
        assertThat(metadata.keywords()).containsExactly("floods", "weather", "rivers");
        assertThat(metadata.accessibleForFree()).contains(false);
    }

    @Test
    void readsAnArticleFromATopLevelArrayWithAStringAuthorImageArrayAndKeywordArray() {
        PageMetadata metadata = metadata(jsonLd("""
                [{"@type":"Organization","name":"News"},
                 {"@type":["ReportageNewsArticle"],"headline":"Levees hold","author":"Staff reporter",
                  "image":["https://cdn.example/a.jpg","https://cdn.example/b.jpg"],"keywords":["levees","rain"],
                  "datePublished":"2026-12-06","isAccessibleForFree":true,"inLanguage":"en"}]"""));
        assertThat(metadata.title()).contains(new Sourced<>("Levees hold", "json-ld"));
        assertThat(metadata.author()).contains(new Sourced<>("Staff reporter", "json-ld"));
        assertThat(metadata.image()).contains(new Sourced<>("https://cdn.example/a.jpg", "json-ld"));
        assertThat(metadata.keywords()).containsExactly("levees", "rain");
        assertThat(metadata.published()).contains(new Sourced<>(Instant.parse("2026-12-06T00:00:00Z"), "json-ld"));
        assertThat(metadata.accessibleForFree()).contains(true);
    }

    @Test
    void aBlogPostingAsAWebPagesMainEntityIsFound() {
        PageMetadata metadata = metadata(jsonLd("""
                {"@type":"WebPage","mainEntity":{"@type":"BlogPosting","headline":"Notes","author":{"name":"Kim"}}}"""));
        assertThat(metadata.title()).contains(new Sourced<>("Notes", "json-ld"));
        assertThat(metadata.author()).contains(new Sourced<>("Kim", "json-ld"));
    }

    @Test
    void fallsBackToOpenGraphThenNamedMetaAndSkipsABrokenJsonLdBlock() {
        PageMetadata metadata = metadata(jsonLd("{\"@type\":\"NewsArticle\", broken")
                + "<meta property=\"og:title\" content=\"Flood: the night the river rose\">"
                + "<meta property=\"og:image\" content=\"https://cdn.example/og.jpg\">"
                + "<meta property=\"article:published_time\" content=\"2026-12-06T06:00:00.000-05:00\">"
                + "<meta property=\"article:author\" content=\"https://facebook.example/reporter\">"
                + "<meta property=\"article:section\" content=\"Weather\">"
                + "<meta property=\"article:tag\" content=\"flood\"><meta property=\"article:tag\" content=\"storm\">"
                + "<meta name=\"author\" content=\"Dana Reporter\">");
        assertThat(metadata.title()).contains(new Sourced<>("Flood: the night the river rose", "opengraph"));
        assertThat(metadata.image()).contains(new Sourced<>("https://cdn.example/og.jpg", "opengraph"));
        assertThat(metadata.published()).contains(new Sourced<>(Instant.parse("2026-12-06T11:00:00Z"), "opengraph"));
        assertThat(metadata.author()).as("an article:author that is a profile URL is not a name")
                .contains(new Sourced<>("Dana Reporter", "meta"));
        assertThat(metadata.section()).contains(new Sourced<>("Weather", "opengraph"));
        assertThat(metadata.keywords()).containsExactly("flood", "storm");
        assertThat(metadata.accessibleForFree()).isEmpty();
    }

    @Test
    void theCanonicalLinkIsResolvedAgainstThePageUrlAndTheLanguageComesFromHtmlLang() {
        PageMetadata metadata = metadata("<link rel=\"canonical\" href=\"/world/river-flood\">"
                + "<meta property=\"og:url\" content=\"https://other.example/x\">");
        assertThat(metadata.canonicalUrl()).contains(new Sourced<>(URI.create("https://news.example/world/river-flood"), "link-canonical"));
        assertThat(metadata.language()).contains(new Sourced<>("en-GB", "html-lang"));
        assertThat(metadata.title()).contains(new Sourced<>("River flood", "title"));
    }

    @Test
    void aCanonicalThatIsNotHttpIsIgnoredInFavourOfOgUrl() {
        PageMetadata metadata = metadata("<link rel=\"canonical\" href=\"javascript:void(0)\">"
                + "<meta property=\"og:url\" content=\"https://news.example/world/river-flood\">");
        assertThat(metadata.canonicalUrl()).contains(new Sourced<>(URI.create("https://news.example/world/river-flood"), "opengraph"));
    }

    @Test
    void aPageWithoutMetadataHasEmptyValues() {
        PageMetadata metadata = extractor.read("<html><body>" + TestPages.asHtml(TestPages.paragraphs(3)) + "</body></html>",
                TestPages.URL).metadata();
        assertThat(metadata.author()).isEmpty();
        assertThat(metadata.published()).isEmpty();
        assertThat(metadata.canonicalUrl()).isEmpty();
        assertThat(metadata.language()).isEmpty();
        assertThat(metadata.keywords()).isEmpty();
        assertThat(metadata.title()).isEqualTo(Optional.empty());
    }
}
