package org.newsingest.extract;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ArticleExtractorTest {

    private final ArticleExtractor extractor = new ArticleExtractor();
    private final List<String> article = TestPages.paragraphs(5);

    private PageReading read(String head, String body) {
        return extractor.read(TestPages.page(head, body), TestPages.URL);
    }

    private static String body(PageReading reading) {
        assertThat(reading).isInstanceOf(PageReading.Article.class);
        return ((PageReading.Article) reading).bodyText();
    }

    private static String reason(PageReading reading) {
        assertThat(reading).isInstanceOf(PageReading.NotArticle.class);
        return ((PageReading.NotArticle) reading).reason();
    }

    @Test
    void theBodyIsTheArticlesParagraphsWithoutThePageFurnitureAroundThem() {
        String page = """
                <header><nav><a href="/">Home</a> <a href="/world">World</a> <a href="/sport">Sport</a></nav></header>
                <div class="cookie-banner">We use cookies to improve your experience. Accept all cookies?</div>
                <main><article class="article-body">
                  <h1>River flood</h1>
                  <p class="byline">By Dana Reporter</p>
                  <p>Published 6 December 2026, 08:30</p>
                  %s
                  <figure><img src="/river.jpg"><figcaption>The river at dawn. Photo: Agency</figcaption></figure>
                  <div class="share-tools"><a href="/s/fb">Share on Facebook</a> <a href="/s/x">Share on X</a></div>
                  <div class="newsletter-signup"><p>Sign up for our morning briefing, delivered every day before breakfast.</p></div>
                  <p>Read more: <a href="/other-story">Storm closes the coast road</a></p>
                </article>
                <section class="related-stories"><h2>Related</h2><ul>
                  <li><a href="/a">Levee repairs to cost millions, council says in its statement</a></li>
                  <li><a href="/b">How the valley flooded in 1998 and what changed since then</a></li></ul></section>
                </main>
                <footer><p>© 2026 News Example. All rights reserved.</p><a href="/privacy">Privacy</a></footer>
                """.formatted(TestPages.asHtml(article));
        String body = body(read("", page));
        assertThat(body).isEqualTo(String.join("\n\n", article));
    }

    @Test
    void textInDivsWithLineBreaksBecomesParagraphsWithNormalisedWhitespace() {
        String page = "<div id=\"content\"><div>" + String.join("</div>\n<div>", article).replace(", ", ",\n   \t ")
                + "</div></div><div id=\"sidebar\"><a href=\"/x\">Most read</a></div>";
        assertThat(body(read("", page))).isEqualTo(String.join("\n\n", article));
    }

    @Test
    void aPageThatDeclaresItselfNotFreeAndServesATeaserIsPaywalled() {
        String head = "<script type=\"application/ld+json\">{\"@type\":\"NewsArticle\",\"headline\":\"River\","
                + "\"isAccessibleForFree\":false}</script>";
        PageReading reading = read(head, "<article>" + TestPages.asHtml(article.subList(0, 2)) + "</article>");
        assertThat(reason(reading)).isEqualTo("paywalled");
        assertThat(reading.metadata().title()).contains(new Sourced<>("River", "json-ld"));
    }

    @Test
    void aMeteredPageThatDeclaresItselfNotFreeButServesTheWholeTextIsAnArticle() {
        String head = "<script type=\"application/ld+json\">{\"@type\":\"NewsArticle\",\"isAccessibleForFree\":\"False\"}</script>";
        assertThat(body(read(head, "<article>" + TestPages.asHtml(article) + "</article>"))).isEqualTo(String.join("\n\n", article));
    }

    @Test
    void aTeaserFollowedByASubscriptionPromptIsPaywalled() {
        String page = "<article>" + TestPages.asHtml(article.subList(0, 1))
                + "<div class=\"offer\"><h3>Subscribe to continue reading</h3><a href=\"/subscribe\">See plans</a></div></article>";
        assertThat(reason(read("", page))).isEqualTo("paywalled");
    }

    @Test
    void aCookieConsentWallIsNotAnArticle() {
        String page = """
                <div class="wall"><h2>We value your privacy</h2>
                <p>We and our partners use cookies and similar tracking technologies to store and access information on your device,
                for personalised advertising and content, measurement and audience insights. With your consent, our vendors may
                process your data on the basis of legitimate interest. You can accept all cookies, or manage your preferences.</p>
                <button>Accept all</button><button>Manage preferences</button></div>""";
        assertThat(reason(read("", page))).isEqualTo("consent_wall");
    }

    @Test
    void aCloudflareInterstitialIsABotChallenge() {
        String page = "<!doctype html><html><head><title>Just a moment...</title></head><body>"
                + "<div id=\"challenge-running\">Checking if the site connection is secure</div>"
                + "<form id=\"challenge-form\" action=\"/?__cf_chl_f_tk=abc\"></form></body></html>";
        assertThat(reason(extractor.read(page, TestPages.URL))).isEqualTo("bot_challenge");
    }

    @Test
    void challengeMarkersInTheMarkupWithoutTheTitleAreABotChallengeToo() {
        String page = "<html><head><title>news.example</title><script src=\"/cdn-cgi/challenge-platform/h/b/orchestrate/cf-chl-widget\">"
                + "</script></head><body><p>Enable JavaScript and cookies to continue</p></body></html>";
        assertThat(reason(extractor.read(page, TestPages.URL))).isEqualTo("bot_challenge");
    }

    @Test
    void anArticleThatLoadsAChallengeScriptIsStillAnArticle() {
        String head = "<script src=\"/cdn-cgi/challenge-platform/scripts/jsd/main.js\"></script><script>var _cf_chl_opt={};</script>";
        assertThat(body(read(head, "<article>" + TestPages.asHtml(article) + "</article>"))).isEqualTo(String.join("\n\n", article));
    }

    @Test
    void aPageOfLinksIsNavigation() {
        StringBuilder links = new StringBuilder("<ul>");
        for (int i = 0; i < 40; i++) {
            links.append("<li><a href=\"/story/").append(i).append("\">Story number ").append(i).append(" of the day</a></li>");
        }
        assertThat(reason(read("", links.append("</ul>").toString()))).isEqualTo("navigation");
    }

    @Test
    void aPageWithAlmostNoTextIsTooShort() {
        assertThat(reason(read("", "<p>Video: the river at dawn.</p>"))).isEqualTo("too_short");
    }

    @Test
    void aNotFoundPageIsNotAnArticle() {
        String page = "<!doctype html><html><head><title>404 - Page not found</title></head><body><h1>Page not found</h1>"
                + "<p>Sorry, the page you were looking for has moved or never existed. Try the search box above, or go back "
                + "to the front page to find today's stories from our newsroom and the latest from every section.</p></body></html>";
        assertThat(reason(extractor.read(page, TestPages.URL))).isEqualTo("not_article");
    }

    @Test
    void aPageWhoseTextIsBuiltByScriptsFallsBackToTheJsonLdArticleBody() {
        String head = "<script type=\"application/ld+json\">{\"@type\":\"NewsArticle\",\"articleBody\":\""
                + String.join("\\n\\n", article) + "\"}</script>";
        assertThat(body(read(head, "<div id=\"app\"></div>"))).isEqualTo(String.join("\n\n", article));
    }

    @Test
    void anArticleBuriedUnderTwoThousandNestedTagsIsStillReadWithItsParagraphs() {
        String open = "<div><span>".repeat(1000);
        String close = "</span></div>".repeat(1000);
        String body = body(read("", open + "<article>" + TestPages.asHtml(article) + "</article>" + close));
        assertThat(body).isEqualTo(String.join("\n\n", article));
    }
}
