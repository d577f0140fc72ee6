package org.newsingest.extract;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RobotsTxtTest {

    private static boolean allows(String robots, String path) {
        return RobotsTxt.parse(robots, "news-ingest").allows(URI.create("https://example.org" + path));
    }

    @Test
    void sitemapLinesAreKeptWhereverTheyStandAndWhateverTheGroup() {
        RobotsTxt robots = RobotsTxt.parse("""
                Sitemap: https://www.example.org/sitemap.xml
                User-agent: otherbot
                Disallow: /
                Sitemap: https://www.example.org/news-sitemap.xml
                sitemap: /relative.xml
                SITEMAP: ftp://example.org/s.xml
                User-agent: *
                Disallow: /private/
                Sitemap: https://www.example.org/sitemap.xml
                """, "news-ingest");
        assertThat(robots.sitemaps()).containsExactly(URI.create("https://www.example.org/sitemap.xml"),
                URI.create("https://www.example.org/news-sitemap.xml"));
        assertThat(robots.allows(URI.create("https://www.example.org/private/x"))).isFalse();
        assertThat(RobotsTxt.ALLOW_ALL.sitemaps()).isEmpty();
    }

    @Test
    void theLongestMatchingRuleWinsWhateverItsOrder() {
        String robots = """
                User-agent: *
                Allow: /news/public/
                Disallow: /news/
                """;
        assertThat(allows(robots, "/news/public/story")).isTrue();
        assertThat(allows(robots, "/news/private/story")).isFalse();
        assertThat(allows(robots, "/sport/story")).isTrue();
        String reversed = """
                User-agent: *
                Disallow: /news/
                Allow: /news/public/
                """;
        assertThat(allows(reversed, "/news/public/story")).isTrue();
    }

    @Test
    void allowWinsATieBetweenEquallyLongRules() {
        String robots = """
                User-agent: *
                Disallow: /page
                Allow: /page
                """;
        assertThat(allows(robots, "/page")).isTrue();
    }

    @Test
    void aStarMatchesAnyRunOfCharactersAndADollarAnchorsTheEnd() {
        String robots = """
                User-agent: *
                Disallow: /*.pdf$
                Disallow: /search*q=
                """;
        assertThat(allows(robots, "/files/report.pdf")).isFalse();
        assertThat(allows(robots, "/files/report.pdf?download=1")).isTrue();
        assertThat(allows(robots, "/files/report.pdfx")).isTrue();
        assertThat(allows(robots, "/search/all?q=ukraine")).isFalse();
        assertThat(allows(robots, "/searching")).isTrue();
    }

    @Test
    void ourOwnGroupReplacesTheStarGroup() {
        String robots = """
                User-agent: *
                Disallow: /

                User-agent: News-Ingest
                Disallow: /drafts/
                Crawl-delay: 2.5
                """;
        RobotsTxt rules = RobotsTxt.parse(robots, "news-ingest");
        assertThat(rules.allows(URI.create("https://example.org/news/1"))).isTrue();
        assertThat(rules.allows(URI.create("https://example.org/drafts/1"))).isFalse();
        assertThat(rules.crawlDelay()).contains(Duration.ofMillis(2500));
    }

    @Test
    void theStarGroupAppliesWhenNoGroupNamesUs() {
        String robots = """
                User-agent: Googlebot
                Disallow:

                User-agent: otherbot
                User-agent: *
                Disallow: /private
                Crawl-delay: 10
                """;
        RobotsTxt rules = RobotsTxt.parse(robots, "news-ingest");
        assertThat(rules.allows(URI.create("https://example.org/private/x"))).isFalse();
        assertThat(rules.allows(URI.create("https://example.org/public/x"))).isTrue();
        assertThat(rules.crawlDelay()).contains(Duration.ofSeconds(10));
    }

    @Test
    void groupsForTheSameAgentAreMerged() {
        String robots = """
                User-agent: news-ingest
                Disallow: /a/

                User-agent: somebot
                Disallow: /

                User-agent: news-ingest
                Disallow: /b/
                """;
        assertThat(allows(robots, "/a/1")).isFalse();
        assertThat(allows(robots, "/b/1")).isFalse();
        assertThat(allows(robots, "/c/1")).isTrue();
    }

    @Test
    void anEmptyDisallowAllowsEverythingAndGarbageIsIgnored() {
        String robots = """
                # a comment
                Disallow: /before-any-group
                User-agent: *
                Disallow:
                this line means nothing
                Crawl-delay: soon
                """;
        RobotsTxt rules = RobotsTxt.parse(robots, "news-ingest");
        assertThat(rules.allows(URI.create("https://example.org/before-any-group"))).isTrue();
        assertThat(rules.crawlDelay()).isEmpty();
    }

    @Test
    void aHugeCrawlDelayIsCutToTheLongestHonoured() {
        RobotsTxt rules = RobotsTxt.parse("User-agent: *\nCrawl-delay: 86400\n", "news-ingest");
        assertThat(rules.crawlDelay()).contains(RobotsTxt.MAX_CRAWL_DELAY);
    }

    @Test
    void robotsTxtItselfIsAlwaysAllowedAndUnreadableRulesDisallowEverythingElse() {
        assertThat(RobotsTxt.unreachable("HTTP 503").allows(URI.create("https://example.org/robots.txt"))).isTrue();
        assertThat(RobotsTxt.unreachable("HTTP 503").allows(URI.create("https://example.org/news/1"))).isFalse();
        assertThat(RobotsTxt.ALLOW_ALL.allows(URI.create("https://example.org/news/1"))).isTrue();
    }

    @Test
    void theQueryIsPartOfWhatRulesMatch() {
        String robots = "User-agent: *\nDisallow: /*?print=\n";
        assertThat(allows(robots, "/story?print=1")).isFalse();
        assertThat(allows(robots, "/story")).isTrue();
    }
}
