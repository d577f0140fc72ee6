package org.newsingest.normalize;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.newsingest.feed.EntryWarning;
import org.newsingest.parse.ParsedFeed;
import org.newsingest.parse.ParsedItem;

class ItemNormalizerTest {

    private final ItemNormalizer normalizer = new ItemNormalizer();

    private static ParsedFeed feed(Optional<String> language, ParsedItem item) {
        return new ParsedFeed("rss_2.0", Optional.of("f"), Optional.of("https://example.org/"), language, Optional.empty(),
                Optional.empty(), "UTF-8", List.of(), List.of(item));
    }

    private static ParsedItem item(String link, String title, String summary, String content, Optional<Instant> published, List<ParsedItem.Enclosure> enclosures) {
        return new ParsedItem(Optional.of(" g1 "), Optional.ofNullable(link), false, Optional.ofNullable(title), Optional.ofNullable(summary),
                Optional.ofNullable(content), Optional.of("Jane <jane@example.org>"), published, published, Optional.empty(),
                List.of("World", " World ", "<b>x</b>"), enclosures, Optional.empty(), Set.of());
    }

    @Test
    void htmlBecomesTextAndUnsafeUrlsDoNotSurvive() {
        ParsedItem item = item("javascript:alert(1)", "A &amp; <b>B</b>",
                "<p>One<script>alert(1)</script></p><p>Two <a href=\"javascript:x()\">link</a></p><style>p{}</style>",
                null, Optional.empty(),
                List.of(new ParsedItem.Enclosure("data:text/html;base64,PHA+", Optional.empty(), Optional.empty()),
                        new ParsedItem.Enclosure("/media/a.mp3", Optional.of("audio/mpeg"), Optional.of(5L))));
        NormalizedItem n = normalizer.normalize(item, feed(Optional.of("en"), item), URI.create("https://example.org/feed"));
        assertThat(n.url()).isEmpty();
        assertThat(n.title()).contains("A & B");
        assertThat(n.summary()).contains("One\n\nTwo link");
        assertThat(n.guid()).contains("g1");
        assertThat(n.author()).contains("Jane <jane@example.org>");
        assertThat(n.categories()).containsExactly("World", "<b>x</b>");
        assertThat(n.enclosures()).extracting(NormalizedItem.Enclosure::url).containsExactly("https://example.org/media/a.mp3");
        assertThat(n.language()).contains("en");
    }

    @Test
    void linksResolveAndCanonicalise() {
        ParsedItem item = item("/a/story?utm_source=x&id=3#top", "t", null, null, Optional.empty(), List.of());
        NormalizedItem n = normalizer.normalize(item, feed(Optional.empty(), item), URI.create("https://example.org/feed"));
        assertThat(n.url()).contains("https://example.org/a/story?utm_source=x&id=3#top");
        assertThat(n.canonicalUrl()).contains("https://example.org/a/story?id=3");
    }

    @Test
    void languageItemThenFeedThenDetected() {
        ParsedItem item = item("https://example.org/1", "Президент подписал закон о бюджете на следующий год",
                "Депутаты обсуждали документ несколько недель, прежде чем принять его во втором чтении.", null, Optional.empty(), List.of());
        assertThat(normalizer.normalize(item, feed(Optional.of("ru_RU"), item), URI.create("https://example.org/")).language()).contains("ru-RU");
        assertThat(normalizer.normalize(item, feed(Optional.empty(), item), URI.create("https://example.org/")).language()).contains("ru");
        ParsedItem shortOne = item("https://example.org/2", "Hi", null, null, Optional.empty(), List.of());
        assertThat(normalizer.normalize(shortOne, feed(Optional.empty(), shortOne), URI.create("https://example.org/")).language()).isEmpty();
    }

    @Test
    void limitsKeepEventsSmallAndFutureDatesAreDropped() {
        String huge = "<p>" + "word ".repeat(100_000) + "</p>";
        Instant future = Instant.now().plus(400, ChronoUnit.DAYS);
        ParsedItem item = item("https://example.org/1", "t ".repeat(5_000), huge, huge, Optional.of(future), List.of());
        NormalizedItem n = normalizer.normalize(item, feed(Optional.of("en"), item), URI.create("https://example.org/"));
        assertThat(n.title().orElseThrow().length()).isLessThanOrEqualTo(ItemNormalizer.MAX_TITLE);
        assertThat(n.summary().orElseThrow().length()).isLessThanOrEqualTo(ItemNormalizer.MAX_SUMMARY);
        assertThat(n.contentText().orElseThrow().length()).isLessThanOrEqualTo(ItemNormalizer.MAX_CONTENT);
        assertThat(n.published()).isEmpty();
    }

    private static ParsedItem entry(String guid, String link, String title, String description) {
        return new ParsedItem(Optional.ofNullable(guid), Optional.ofNullable(link), false, Optional.ofNullable(title),
                Optional.ofNullable(description), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                List.of(), List.of(), Optional.empty(), Set.of());
    }

    private static ParsedFeed document(String title, ParsedItem... items) {
        return new ParsedFeed("rss_2.0", Optional.ofNullable(title), Optional.empty(), Optional.of("en"), Optional.empty(),
                Optional.empty(), "UTF-8", List.of(), List.of(items));
    }

    private NormalizedDocument normalize(ParsedFeed document, int maxEntries) {
        return normalizer.normalize(document, URI.create("https://example.org/feed"), maxEntries);
    }

    @Test
    void nulFromTheFeedOrFromHtmlDecodingIsRemovedAndReported() {
        NormalizedDocument n = normalize(document("f",
                entry("g\u00001", "https://example.org/1", "Title\u0000 one", "x &#0; y &amp;#0; z \u0001"),
                entry("g2", "https://example.org/2", "fine", "fine")), 10);
        assertThat(n.items()).hasSize(2);
        NormalizedItem first = n.items().get(0);
        assertThat(first.guid()).contains("g1");
        assertThat(first.title()).contains("Title one");
        assertThat(first.summary().orElseThrow()).doesNotContain("\u0000").doesNotContain("\u0001");
        assertThat(n.warnings()).singleElement().satisfies(w -> {
            assertThat(w.entry()).isEqualTo("g1");
            assertThat(w.code()).isEqualTo(ItemNormalizer.CONTROLS_REMOVED_CODE);
            assertThat(w.detail()).contains("guid", "title");
        });
    }

    @Test
    void overLongValuesAreHashedDroppedOrCutInBytes() {
        String longGuid = "Ж".repeat(600); // 600 characters, 1 200 bytes
        String longLink = "https://example.org/" + "статья".repeat(200); // ~2 400 bytes unescaped
        String cjkTitle = "引".repeat(900); // 900 characters, 2 700 bytes
        NormalizedDocument n = normalize(document("f", entry(longGuid, longLink, cjkTitle, "text")), 10);
        NormalizedItem item = n.items().get(0);
        assertThat(item.guid().orElseThrow()).startsWith("sha256:").hasSize(7 + 64);
        assertThat(item.url()).isEmpty();
        assertThat(item.canonicalUrl()).isEmpty();
        assertThat(StoredText.utf8Length(item.title().orElseThrow())).isLessThanOrEqualTo(ItemNormalizer.MAX_TITLE);
        assertThat(n.warnings()).extracting(EntryWarning::code).containsExactlyInAnyOrder(
                ItemNormalizer.TRUNCATED_CODE, ItemNormalizer.GUID_HASHED_CODE, ItemNormalizer.LINK_DROPPED_CODE);
        assertThat(n.warnings()).extracting(EntryWarning::entry).containsOnly(item.guid().orElseThrow());
    }

    @Test
    void anEntryWithNothingLeftIsRefusedAndNamedByPosition() {
        NormalizedDocument n = normalize(document("f", entry(null, null, "ok", null), entry(null, "javascript:x()", "\u0000\u0001", null)), 10);
        assertThat(n.items()).extracting(i -> i.title().orElse("")).containsExactly("ok");
        assertThat(n.warnings()).singleElement().satisfies(w -> {
            assertThat(w.entry()).isEqualTo("#2");
            assertThat(w.code()).isEqualTo(ItemNormalizer.EMPTY_ENTRY_CODE);
        });
    }

    @Test
    void theFirstEntriesInDocumentOrderAreKeptWhenTheCapBites() {
        NormalizedDocument n = normalize(document("f", entry("a", null, "a", null), entry("b", null, "b", null), entry("c", null, "c", null)), 2);
        assertThat(n.items()).extracting(i -> i.guid().orElseThrow()).containsExactly("a", "b");
        assertThat(n.warnings()).singleElement().satisfies(w -> {
            assertThat(w.code()).isEqualTo(ItemNormalizer.ENTRIES_CAPPED_CODE);
            assertThat(w.entry()).isEqualTo("#3");
            assertThat(w.detail()).contains("3 entries", "first 2");
        });
    }

    @Test
    void theFeedTitleIsTextLikeItemTitlesAndBounded() {
        assertThat(normalize(document("  AT&amp;T <b>News</b>\n\u0000 ", entry("a", null, "a", null)), 10).title()).contains("AT&T News");
        NormalizedDocument huge = normalize(document("T".repeat(1_000_000), entry("a", null, "a", null)), 10);
        assertThat(huge.title().orElseThrow()).hasSize(ItemNormalizer.MAX_TITLE);
        assertThat(huge.warnings()).singleElement().satisfies(w -> {
            assertThat(w.entry()).isEqualTo(ItemNormalizer.FEED_TITLE_ENTRY);
            assertThat(w.code()).isEqualTo(ItemNormalizer.TRUNCATED_CODE);
        });
    }

    @Test
    void warningsAreListedUpToALimitAndTheRestCounted() {
        ParsedItem[] bad = new ParsedItem[ItemNormalizer.MAX_WARNINGS + 5];
        for (int i = 0; i < bad.length; i++) {
            bad[i] = entry("g" + i, null, "t\u0000" + i, null);
        }
        NormalizedDocument n = normalize(document("f", bad), 1_000);
        assertThat(n.items()).hasSize(bad.length);
        assertThat(n.warnings()).hasSize(ItemNormalizer.MAX_WARNINGS + 1);
        assertThat(n.warnings().get(ItemNormalizer.MAX_WARNINGS).code()).isEqualTo(ItemNormalizer.WARNINGS_CAPPED_CODE);
        assertThat(n.warnings().get(ItemNormalizer.MAX_WARNINGS).detail()).startsWith("5 more");
    }
}
