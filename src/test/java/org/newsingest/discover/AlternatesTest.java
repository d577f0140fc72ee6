package org.newsingest.discover;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AlternatesTest {

    private static final URI PAGE = URI.create("https://www.outlet.example/news/index.html");

    private static List<String> urls(String head) {
        return Alternates.of("<!doctype html><html><head>" + head + "</head><body>x</body></html>", PAGE).stream()
                .map(Alternates.Candidate::url).toList();
    }

    @Test
    void relativeHrefsAreResolvedAgainstTheFinalUrl() {
        assertThat(urls("<link rel=\"alternate\" type=\"application/rss+xml\" href=\"feed.xml\">"
                + "<link rel=\"alternate\" type=\"application/atom+xml\" href=\"/atom\">"))
                .containsExactly("https://www.outlet.example/news/feed.xml", "https://www.outlet.example/atom");
    }

    @Test
    void aBaseHrefIsTheBaseOfRelativeHrefs() {
        assertThat(urls("<base href=\"https://cdn.outlet.example/site/\"><link rel=\"alternate\" type=\"application/rss+xml\" href=\"rss\">"))
                .containsExactly("https://cdn.outlet.example/site/rss");
    }

    @Test
    void withSeveralAlternatesTheSameHostComesFirstThenSiteFeedsBeforeCommentsThenDocumentOrder() {
        assertThat(urls("""
                <link rel="alternate" type="application/rss+xml" title="Partner" href="https://partner.example/rss">
                <link rel="alternate" type="application/rss+xml" title="Comments" href="/comments/feed">
                <link rel="alternate" type="application/atom+xml" title="All news" href="https://outlet.example/atom.xml">
                <link rel="alternate" type="application/feed+json" title="JSON" href="/feed.json">
                <link rel="alternate" type="application/rss+xml" title="All news" href="/feed">
                """)).containsExactly(
                "https://outlet.example/atom.xml",
                "https://www.outlet.example/feed.json",
                "https://www.outlet.example/feed",
                "https://www.outlet.example/comments/feed",
                "https://partner.example/rss");
    }

    @Test
    void onlyFeedTypedAlternatesCountAndEachOnce() {
        assertThat(urls("""
                <link rel="alternate" hreflang="de" href="/de/">
                <link rel="stylesheet" type="text/css" href="/s.css">
                <link rel="alternate" type="application/rss+xml" href="javascript:alert(1)">
                <link rel="Alternate Feed" type="Application/RSS+XML; charset=utf-8" href="/rss">
                <link rel="alternate" type="application/rss+xml" href="/rss">
                """)).containsExactly("https://www.outlet.example/rss");
    }

    @Test
    void aPageWithoutAlternatesHasNoCandidates() {
        assertThat(urls("<title>Home</title><link rel=\"icon\" href=\"/favicon.ico\">")).isEmpty();
    }

    @Test
    void htmlIsToldFromFeedsByTypeOrByItsStart() {
        assertThat(Alternates.looksLikeHtml(Optional.of("text/html; charset=utf-8"), "whatever")).isTrue();
        assertThat(Alternates.looksLikeHtml(Optional.empty(), "  <!DOCTYPE html><html>")).isTrue();
        assertThat(Alternates.looksLikeHtml(Optional.of("application/xml"), "<?xml version=\"1.0\"?><rss>")).isFalse();
    }
}
