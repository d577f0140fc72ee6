package org.newsingest.parse;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.newsingest.normalize.ItemNormalizer;
import org.newsingest.normalize.NormalizedItem;

/** Real feeds saved by the research spike (src/test/resources/feeds): text must come out right. */
class SampleFeedsTest {

    private final FeedParser parser = new FeedParser();
    private final ItemNormalizer normalizer = new ItemNormalizer();

    static byte[] bytes(String name) throws IOException {
        try (InputStream in = SampleFeedsTest.class.getResourceAsStream("/feeds/" + name)) {
            assertThat(in).as(name).isNotNull();
            return in.readAllBytes();
        }
    }

    private ParsedFeed parse(String name) throws IOException {
        ParseResult result = parser.parse(bytes(name), FeedContext.of(Optional.of("application/rss+xml"), URI.create("https://example.org/feed")));
        assertThat(result).as(name).isInstanceOf(ParseResult.Parsed.class);
        return ((ParseResult.Parsed) result).feed();
    }

    private NormalizedItem normalize(ParsedFeed feed, int i) {
        return normalizer.normalize(feed.items().get(i), feed, URI.create("https://example.org/feed"));
    }

    @Test
    void windows1251Cyrillic() throws IOException {
        ParsedFeed feed = parse("ibash-org-ru_rss_windows-1251_2018-03-21.xml");
        assertThat(feed.encoding()).isEqualTo("windows-1251");
        assertThat(feed.items()).hasSize(50);
        assertThat(normalize(feed, 0).title()).contains("Цитата #17703");
        assertThat(feed.items()).allSatisfy(i -> assertThat(i.summaryHtml().orElse("")).doesNotContain("\uFFFD", "Ð"));
    }

    @Test
    void iso88591Rdf() throws IOException {
        ParsedFeed feed = parse("golem_rss1.0_iso-8859-1_2023-01-25.xml");
        assertThat(feed.format()).isEqualTo("rss_1.0");
        assertThat(feed.title()).contains("Golem.de");
        assertThat(feed.items()).hasSize(1);
        ParsedItem item = feed.items().get(0);
        assertThat(item.guid()).contains("https://www.golem.de/news/digitalministerium-neue-glasfaserfoerderung-mit-schnellkasse-2301-171451.html");
        assertThat(item.published()).contains(Instant.parse("2023-01-25T18:03:02Z")); // dc:date "2023-01-25T19:03:02+01:00"
        NormalizedItem n = normalize(feed, 0);
        assertThat(n.title().orElseThrow()).contains("Glasfaserförderung");
        assertThat(n.contentText().orElseThrow()).doesNotContain("\uFFFD").doesNotContain("<");
    }

    @Test
    void rightToLeftUrdu() throws IOException {
        ParsedFeed feed = parse("bbc-urdu_rss_2018-10-24.xml");
        assertThat(feed.items()).hasSize(26);
        assertThat(feed.title()).contains("BBC News  اردو - پاکستان کے لیے امریکی امداد کی بہار و خزاں");
        NormalizedItem first = normalize(feed, 0);
        assertThat(first.title()).contains("امریکی عسکری امداد کی بندش کی وجوہات: انڈیا سے جنگ، جوہری پروگرام اور اب دہشت گردوں کی پشت پناہی");
        assertThat(first.language()).isPresent();
    }

    @Test
    void italianDatesWithoutXmlDeclaration() throws IOException {
        ParsedFeed feed = parse("ilmessaggero_mondo-rss_2022-11-16.xml");
        ParsedItem item = feed.items().get(0);
        // "mer, 16 nov 2022 00:38:15 +0100"
        assertThat(item.published()).contains(Instant.parse("2022-11-15T23:38:15Z"));
        NormalizedItem n = normalize(feed, 0);
        assertThat(n.title()).contains("Missili Polonia, cosa è successo? Tensione Nato-Russia, Mosca: non siamo stati noi");
        assertThat(n.summary().orElseThrow()).startsWith("Non sono ancora le 16").contains("Przewodów");
    }

    @Test
    void brokenGuardianFileIsReadLeniently() throws IOException {
        ParsedFeed feed = parse("theguardian_world-rss_2022-09-25.xml");
        assertThat(feed.items()).hasSize(54);
        assertThat(feed.warnings()).anySatisfy(w -> assertThat(w).contains("bare '&'"));
        NormalizedItem first = normalize(feed, 0);
        assertThat(first.title()).contains("Saudi foreign minister defends role in securing Ukraine prisoner swaps");
        assertThat(first.summary().orElseThrow()).startsWith("Prince Faisal bin Farhan al Saud decries as ‘cynical’").doesNotContain("<p>");
        assertThat(first.categories()).isNotEmpty();
        assertThat(first.author()).isPresent();
        assertThat(feed.items()).allSatisfy(i -> assertThat(i.guid()).isPresent());
    }

    @Test
    void feedWithoutGuidsInADefaultNamespace() throws IOException {
        ParsedFeed feed = parse("suspilne_ukrnet-rss_2023-12-22.xml");
        assertThat(feed.items()).hasSize(20);
        assertThat(feed.items()).allSatisfy(i -> {
            assertThat(i.guid()).isEmpty();
            assertThat(i.link()).isPresent();
            assertThat(i.published()).isPresent();
        });
        assertThat(normalize(feed, 0).title()).contains("Торгівля між Росією та Китаєм у 2023 році перевищила 200 млрд доларів — New York Times");
        assertThat(feed.items().stream().filter(i -> !i.enclosures().isEmpty()).count()).isEqualTo(5);
    }

    @Test
    void oddDateFormats() throws IOException {
        // "Sat, Dec 16 2023 02:02:33 PM" (no zone: read as UTC)
        assertThat(parse("nbcnewyork_rss_2023-12-17.xml").items().get(0).published()).contains(Instant.parse("2023-12-16T14:02:33Z"));
        // "Tue, 15 Nov 2022 20:15:04 Z"
        assertThat(parse("ilgiornale_cronache-rss_2022.xml").items().get(0).published()).contains(Instant.parse("2022-11-15T20:15:04Z"));
    }

    @Test
    void permalinkGuidDiffersFromLink() throws IOException {
        ParsedFeed feed = parse("lemonde_une-rss_2018-02-11.xml");
        assertThat(feed.items()).hasSize(21);
        ParsedItem item = feed.items().get(0);
        assertThat(item.guid().orElseThrow()).startsWith("http://www.lemonde.fr/");
        assertThat(item.link().orElseThrow()).contains("xtor=RSS");
        assertThat(normalize(feed, 0).canonicalUrl().orElseThrow()).doesNotContain("xtor");
        assertThat(item.enclosures()).isNotEmpty();
    }

    @Test
    void atomWithFractionalSeconds() throws IOException {
        ParsedFeed feed = parse("usgs_earthquakes-atom_2019-07-31.xml");
        assertThat(feed.format()).isEqualTo("atom_1.0");
        ParsedItem item = feed.items().get(0);
        assertThat(item.updated()).isPresent();
        assertThat(item.categories()).containsExactly("Past Hour", "Magnitude 3", "nc");
    }
}
