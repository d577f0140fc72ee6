package org.newsingest.normalize;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
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
}
