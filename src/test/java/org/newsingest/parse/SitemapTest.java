package org.newsingest.parse;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

/** Sitemaps as sources: Google News sitemaps (real RFE/RL files), gzip, indexes and plain sitemaps. */
class SitemapTest {

    private final FeedParser parser = new FeedParser();

    private static byte[] sample(String name) throws IOException {
        try (InputStream in = SitemapTest.class.getResourceAsStream("/sitemaps/" + name)) {
            return in.readAllBytes();
        }
    }

    private ParsedFeed parsed(byte[] body, String url) {
        ParseResult result = parser.parse(body, FeedContext.of(Optional.of("application/xml"), URI.create(url)));
        assertThat(result).isInstanceOf(ParseResult.Parsed.class);
        return ((ParseResult.Parsed) result).feed();
    }

    @Test
    void rferlsUkrainianNewsSitemapIsOneEntryPerUrlWithItsNewsTitleLanguageAndDate() throws IOException {
        ParsedFeed feed = parsed(sample("radiosvoboda-org_news-sitemap_2025-05-25.xml"), "https://www.radiosvoboda.org/sitemap_9_news.xml.gz");

        assertThat(feed.format()).isEqualTo("sitemap_news");
        assertThat(feed.title()).contains("Радіо Свобода");
        assertThat(feed.language()).contains("uk");
        assertThat(feed.items()).hasSize(96);
        ParsedItem first = feed.items().get(0);
        assertThat(first.link()).contains("https://www.radiosvoboda.org/a/news-niderlandy-vynyshchuvach-brekelmans-f16/33423665.html");
        assertThat(first.guid()).isEmpty();
        assertThat(first.title()).contains("Нідерланди завтра відправлять в Україну останній з обіцяних F-16 – Брекельманс");
        assertThat(first.language()).contains("uk");
        assertThat(first.published()).contains(Instant.parse("2025-05-25T11:59:00Z"));
        assertThat(first.flags()).doesNotContain(ParsedItem.Flag.TITLE_FROM_URL);
        assertThat(feed.items()).allSatisfy(item -> assertThat(item.title()).isPresent());
    }

    @Test
    /** Fractional seconds are read and dropped, as for every feed date (parse.Dates). */
    void fractionalSecondsAndTrailingSpacesOfRferlsEnglishSitemapAreRead() throws IOException {
        ParsedFeed feed = parsed(sample("rferl-org_news-sitemap_2025-05-25.xml"), "https://www.rferl.org/sitemap_8_news.xml.gz");

        assertThat(feed.items()).hasSize(11);
        assertThat(feed.items().get(0).published()).contains(Instant.parse("2025-05-25T10:55:00Z"));
        assertThat(feed.items().get(0).title()).contains("Central Asia's New Position In Global Politics");
    }

    @Test
    void keywordsAreCategoriesAndAGzippedSitemapIsReadAsIs() throws IOException {
        String xml = """
                <?xml version="1.0" encoding="UTF-8"?>
                <urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
                <url><loc>https://news.example/a/1</loc><news:news><news:publication><news:name>Example News</news:name>
                <news:language>en</news:language></news:publication><news:publication_date>2026-12-01T10:00:00+01:00</news:publication_date>
                <news:title>Budget &amp; taxes</news:title><news:keywords>Budget, Parliament ,Taxes</news:keywords></news:news></url>
                </urlset>""";
        ByteArrayOutputStream gzipped = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(gzipped)) {
            gzip.write(xml.getBytes(StandardCharsets.UTF_8));
        }

        ParsedFeed feed = parsed(gzipped.toByteArray(), "https://news.example/sitemap-news.xml.gz");

        ParsedItem item = feed.items().get(0);
        assertThat(item.categories()).containsExactly("Budget", "Parliament", "Taxes");
        assertThat(item.title()).contains("Budget &amp; taxes");
        assertThat(item.published()).contains(Instant.parse("2026-12-01T09:00:00Z"));
        assertThat(feed.title()).contains("Example News");
    }

    @Test
    void aPlainSitemapTakesTitlesFromUrlSlugsAndSaysSo() throws IOException {
        ParsedFeed feed = parsed(sample("rferl-org_latest-sitemap_2025-05-25.xml"), "https://www.rferl.org/sitemap_8_latest.xml.gz");

        assertThat(feed.format()).isEqualTo("sitemap");
        assertThat(feed.items()).hasSize(202);
        ParsedItem first = feed.items().get(0);
        assertThat(first.title()).contains("Majlis russian chinese influence central asia");
        assertThat(first.flags()).contains(ParsedItem.Flag.TITLE_FROM_URL);
        assertThat(first.updated()).contains(Instant.parse("2025-05-25T10:56:25Z"));
        assertThat(first.published()).isEqualTo(first.updated());
        assertThat(first.issued()).isEmpty();
    }

    @Test
    void slugsSkipIdsAndExtensions() {
        assertThat(SitemapMapper.slugTitle(URI.create("https://x.example/a/kremlin-denies-mobilization/33640001.html"))).contains("Kremlin denies mobilization");
        assertThat(SitemapMapper.slugTitle(URI.create("https://x.example/news/2026/12/06/storm_closes_port.html"))).contains("Storm closes port");
        assertThat(SitemapMapper.slugTitle(URI.create("https://x.example/12345"))).isEmpty();
    }

    @Test
    void anIndexListsItsSitemapsWithTheirDates() {
        String xml = """
                <?xml version="1.0" encoding="UTF-8"?>
                <sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
                <sitemap><loc>https://news.example/sitemap_news.xml.gz</loc><lastmod>2026-12-06T09:00:00Z</lastmod></sitemap>
                <sitemap><loc>/sitemap_archive.xml</loc></sitemap>
                <sitemap><loc>ftp://news.example/nope.xml</loc></sitemap>
                </sitemapindex>""";

        ParseResult result = parser.parse(xml.getBytes(StandardCharsets.UTF_8), FeedContext.of(Optional.empty(), URI.create("https://news.example/sitemap.xml")));

        assertThat(result).isEqualTo(new ParseResult.SitemapIndex(java.util.List.of(
                new ParseResult.SitemapIndex.Child(URI.create("https://news.example/sitemap_news.xml.gz"), Optional.of(Instant.parse("2026-12-06T09:00:00Z"))),
                new ParseResult.SitemapIndex.Child(URI.create("https://news.example/sitemap_archive.xml"), Optional.empty()))));
    }

    @Test
    void aGzipBombOrCorruptGzipIsAParseError() {
        byte[] corrupt = {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, 0, 1, 2, 3};
        ParseResult result = parser.parse(corrupt, Optional.empty());
        assertThat(result).isInstanceOf(ParseResult.Failed.class);
    }
}
