package org.newsingest.pipeline;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.newsingest.testing.EventChecks;
import org.newsingest.testing.PipelineTest;
import org.newsingest.testing.RealEngines;
import org.newsingest.testing.RssFeeds;
import org.newsingest.testing.TopicReader;

/**
 * Issue 10.7: poison entries and documents, all served at once to one running service. Each case
 * asserts that the neighbours of the bad entry were stored and published (records consumed from
 * Kafka), what became of the bad entry itself, and that the feed's record names the problem: a
 * warning on the poll's fetch-log line, or the feed's error for a document that failed as a whole.
 */
@QuarkusTest
@TestProfile(RealEngines.class)
class HostileEntriesTest extends PipelineTest {

    private static final Duration SETTLED = Duration.ofSeconds(180);
    private static final List<String> POISON = List.of("Poison");
    private static final String STORE_FAILS = "poison: the store fails on this title";

    @Inject
    DataSource dataSource;

    /** One feed of the suite: its document, and what must come of it. */
    private record Case(String name, String contentType, String body, List<String> storedTitles, Predicate<String> warnedEntry, String warningCode,
                        Consumer<Outcome> more) {}

    /** What the service made of one case: the feed's events as consumed from Kafka, its last fetch-log line, the feed. */
    private record Outcome(int feedId, List<JsonNode> events, JsonNode lastFetch, JsonNode feed) {
        JsonNode event(String title) {
            return events.stream().filter(e -> title.equals(e.path("title").asText(null))).findFirst()
                    .orElseThrow(() -> new AssertionError("no event titled " + title + " among " + events));
        }
    }

    @TestFactory
    Stream<DynamicTest> everyPoisonCostsOnlyItself() throws Exception {
        List<Case> cases = cases();
        assertThat(cases).hasSizeGreaterThanOrEqualTo(30);
        execute("""
                CREATE FUNCTION hostile_store_fails() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN RAISE EXCEPTION 'fault injected: the store fails'; END $$;
                CREATE TRIGGER hostile_store_fails BEFORE INSERT ON item FOR EACH ROW
                    WHEN (NEW.title = '%s') EXECUTE FUNCTION hostile_store_fails();
                """.formatted(STORE_FAILS));
        Map<Case, Outcome> outcomes = new HashMap<>();
        try (TopicReader reader = reader()) {
            Map<Case, Integer> feeds = new HashMap<>();
            for (Case c : cases) {
                server.serve("/hostile/" + c.name(), c.contentType(), c.body().getBytes(StandardCharsets.UTF_8));
            }
            Instant subscribed = Instant.now();
            for (Case c : cases) {
                feeds.put(c, subscribe("/hostile/" + c.name(), List.of()));
            }
            awaitEveryFeedFetched(feeds.values());
            System.out.printf("hostile suite: %d feeds fetched and stored %s after subscribing%n", cases.size(),
                    Duration.between(subscribed, Instant.now()));
            int expected = cases.stream().mapToInt(c -> c.storedTitles().size()).sum();
            reader.awaitTotal(expected, ARRIVAL);
            List<ConsumerRecord<String, byte[]>> records = reader.drain(Duration.ofSeconds(3));
            records.forEach(EventChecks::assertValid);
            for (Case c : cases) {
                int feedId = feeds.get(c);
                List<JsonNode> events = records.stream().map(this::body).filter(e -> e.path("feed").path("id").asInt() == feedId).toList();
                JsonNode fetches = json.readTree(given().get("/api/v1/feeds/{id}/fetches", feedId).then().statusCode(200).extract().asString());
                JsonNode feed = json.readTree(given().get("/api/v1/feeds/{id}", feedId).then().statusCode(200).extract().asString());
                outcomes.put(c, new Outcome(feedId, events, fetches.path(0), feed));
            }
        } finally {
            execute("DROP TRIGGER hostile_store_fails ON item; DROP FUNCTION hostile_store_fails();");
        }
        return cases.stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> judge(c, outcomes.get(c))));
    }

    private static void judge(Case c, Outcome outcome) {
        assertThat(outcome.events()).extracting(e -> e.path("title").asText(null))
                .as("the titles published for feed %s", c.name())
                .containsExactlyInAnyOrderElementsOf(c.storedTitles());
        for (JsonNode event : outcome.events()) {
            assertStorable(event, c.name());
        }
        if (c.warningCode() != null) {
            assertThat(outcome.lastFetch().path("warnings"))
                    .as("warnings of the fetch-log line of %s: %s", c.name(), outcome.lastFetch())
                    .anySatisfy(w -> {
                        assertThat(w.path("code").asText()).isEqualTo(c.warningCode());
                        assertThat(w.path("entry").asText()).matches(c.warnedEntry());
                        assertThat(w.path("detail").asText()).isNotBlank();
                    });
        }
        c.more().accept(outcome);
    }

    /** Every string of the event is text PostgreSQL and JSON can hold: no NUL, no other C0 control but tab, LF, CR, no lone surrogate. */
    private static void assertStorable(JsonNode node, String name) {
        if (node.isTextual()) {
            String text = node.asText();
            assertThat(text.chars().filter(ch -> ch < 0x20 && ch != '\t' && ch != '\n' && ch != '\r' || ch == 0xFFFE || ch == 0xFFFF))
                    .as("control characters in %s of %s", text, name).isEmpty();
            assertThat(new String(text.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8)).as("lone surrogates in " + name).isEqualTo(text);
        }
        for (Iterator<JsonNode> children = node.elements(); children.hasNext(); ) {
            assertStorable(children.next(), name);
        }
    }

    private void awaitEveryFeedFetched(Iterable<Integer> feedIds) {
        for (int id : feedIds) {
            await("feed " + id + " fetched").atMost(SETTLED)
                    .until(() -> given().get("/api/v1/feeds/{id}", id).then().statusCode(200).extract().path("lastFetchedAt") != null);
        }
    }

    private void execute(String sql) throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    // ---------------------------------------------------------------- the cases

    private static List<Case> cases() {
        List<Case> cases = new ArrayList<>();

        // NUL and other control characters: from HTML decoding in XML feeds (the XML parser
        // itself removes raw ones and says so), and raw in JSON Feed strings.
        cases.add(rss("rss-description-amp-hash-0", "<description>x &amp;#0; y</description>", "Poison", POISON,
                is("rss-description-amp-hash-0-poison"), "control_characters_removed",
                o -> assertThat(o.event("Poison").path("summary").asText()).isEqualTo("x  y")));
        cases.add(rss("rss-cdata-hash-0", "<description><![CDATA[<p>a &#0; b &#1; c</p>]]></description>", "Poison", POISON,
                is("rss-cdata-hash-0-poison"), "control_characters_removed", o -> {}));
        cases.add(rss("rss-title-amp-hash-0", "", "Title &amp;#0; with NUL", List.of("Title  with NUL"),
                is("rss-title-amp-hash-0-poison"), "control_characters_removed", o -> {}));
        cases.add(rss("rss-content-encoded-c0", "<content:encoded><![CDATA[<p>&#1;&#x1F;&#x0B;body</p>]]></content:encoded>", "Poison", POISON,
                is("rss-content-encoded-c0-poison"), "control_characters_removed",
                o -> assertThat(o.event("Poison").path("contentText").asText()).isEqualTo("body")));
        cases.add(rss("rss-nonchars-fffe", "<description>a &amp;#xFFFE;&amp;#xFFFF; b</description>", "Poison", POISON,
                is("rss-nonchars-fffe-poison"), "control_characters_removed", o -> {}));
        cases.add(rss("rss-raw-controls-everywhere", "<author>a\u0001b@example.org</author><category>c\u0000at</category>"
                        + "<enclosure url=\"https://hostile.test/e\u0002.mp3\" type=\"audio/\u0003mpeg\" length=\"1\"/>", "Poi\u0000son", POISON,
                is("(document)"), "document_repaired", o -> {
                    JsonNode poison = o.event("Poison");
                    assertThat(poison.path("categories").get(0).asText()).isEqualTo("cat");
                    assertThat(poison.path("enclosures").get(0).path("url").asText()).isEqualTo("https://hostile.test/e.mp3");
                }));
        cases.add(rss("rss-forbidden-char-references", "<description>&#0;&#x1;&#xFFFF;ok</description>", "Poison", POISON,
                is("(document)"), "document_repaired",
                o -> assertThat(o.event("Poison").path("summary").asText()).isEqualTo("ok")));
        cases.add(rss("rss-empty-after-cleaning", null, "&amp;#0;&amp;#1;", List.of(), is("#2"), "entry_empty", o -> {}));

        // Over-long values, sized in multi-byte scripts to cross byte limits but not character limits.
        String cyrillicGuid = "статья-" + "ж".repeat(600); // 607 characters, 1 207 bytes
        cases.add(rssWithGuid("rss-long-cyrillic-guid", cyrillicGuid, "https://hostile.test/rss-long-cyrillic-guid/p", "Poison", "",
                e -> e.startsWith("sha256:"), "guid_hashed",
                o -> assertThat(o.event("Poison").path("guid").asText()).startsWith("sha256:").hasSize(71)));
        String cjkLink = "https://hostile.test/" + "新闻".repeat(475); // 971 characters, 2 871 bytes: past the btree limit
        cases.add(rssWithGuid("rss-long-cjk-link", "rss-long-cjk-link-poison", cjkLink, "Poison", "",
                is("rss-long-cjk-link-poison"), "link_dropped", o -> assertThat(o.event("Poison").has("url")).isFalse()));
        String emojiLink = "https://hostile.test/" + "\uD83D\uDCF0".repeat(700); // 1 421 characters, 2 821 bytes
        cases.add(rssWithGuid("rss-long-emoji-link", "rss-long-emoji-link-poison", emojiLink, "Poison", "",
                is("rss-long-emoji-link-poison"), "link_dropped", o -> {}));
        String cjkTitle = "标题".repeat(450); // 900 characters, 2 700 bytes
        cases.add(rss("rss-long-cjk-title", "", cjkTitle, List.of("标题".repeat(333)), is("rss-long-cjk-title-poison"), "field_truncated",
                o -> {}));
        String emojiTitle = "\uD83D\uDE00".repeat(700); // 2 800 bytes; the cut must not split a pair
        cases.add(rss("rss-long-emoji-title", "", emojiTitle, List.of("\uD83D\uDE00".repeat(500)), is("rss-long-emoji-title-poison"),
                "field_truncated", o -> {}));
        cases.add(rss("rss-long-cyrillic-author", "<author>" + "автор".repeat(160) + "</author>", "Poison", POISON,
                is("rss-long-cyrillic-author-poison"), "field_truncated",
                o -> assertThat(o.event("Poison").path("author").asText().getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(1_000)));
        cases.add(rss("rss-long-cjk-category", "<category>" + "类".repeat(300) + "</category>", "Poison", POISON,
                is("rss-long-cjk-category-poison"), "field_truncated", o -> {}));
        cases.add(rss("rss-long-enclosure-url", "<enclosure url=\"https://hostile.test/" + "я".repeat(1_100) + ".mp3\" type=\"audio/mpeg\" length=\"5\"/>",
                "Poison", POISON, is("rss-long-enclosure-url-poison"), "enclosure_dropped",
                o -> assertThat(o.event("Poison").path("enclosures").size()).isZero()));
        cases.add(rss("rss-long-content", "<content:encoded>" + "текст ".repeat(40_000) + "</content:encoded>", "Poison", POISON,
                is("rss-long-content-poison"), "field_truncated",
                o -> assertThat(o.event("Poison").path("contentText").asText().getBytes(StandardCharsets.UTF_8).length).isEqualTo(199_999)));

        // The feed's own title: normalised like an item title and bounded, on every event.
        cases.add(document("rss-megabyte-feed-title", "T".repeat(1_048_576), is("(feed title)"), "field_truncated", o -> {
            assertThat(o.events()).allSatisfy(e -> assertThat(e.path("feed").path("title").asText()).hasSize(2_000));
            assertThat(o.feed().path("title").asText()).hasSize(2_000);
        }));
        cases.add(document("rss-html-escaped-feed-title", "AT&amp;amp;T &lt;b&gt;News&lt;/b&gt;\n  Today", null, null, o -> {
            assertThat(o.events()).allSatisfy(e -> assertThat(e.path("feed").path("title").asText()).isEqualTo("AT&T News Today"));
            assertThat(o.feed().path("title").asText()).isEqualTo("AT&T News Today");
        }));

        // Atom.
        cases.add(atom("atom-summary-amp-hash-0", "<summary type=\"html\">x &amp;#0; y</summary>", "urn:poison:atom-summary-amp-hash-0",
                is("urn:poison:atom-summary-amp-hash-0"), "control_characters_removed", o -> {}));
        cases.add(atom("atom-content-c0", "<content type=\"html\">&lt;p&gt;&amp;#1;&amp;#2;text&lt;/p&gt;</content>", "urn:poison:atom-content-c0",
                is("urn:poison:atom-content-c0"), "control_characters_removed",
                o -> assertThat(o.event("Poison").path("contentText").asText()).isEqualTo("text")));
        String longAtomId = "urn:poison:" + "东".repeat(400); // 411 characters, 1 211 bytes
        cases.add(atom("atom-long-cjk-id", "", longAtomId, e -> e.startsWith("sha256:"), "guid_hashed", o -> {}));
        cases.add(atom("atom-raw-control-in-author", "<author><name>Jo\u0001e</name></author>", "urn:poison:atom-raw-control-in-author",
                is("(document)"), "document_repaired", o -> assertThat(o.event("Poison").path("author").asText()).isEqualTo("Joe")));

        // JSON Feed: escapes put every character into every field.
        cases.add(json("json-nul-title", "\"id\": \"json-nul-title-poison\", \"url\": \"https://hostile.test/json-nul-title/p\","
                        + " \"title\": \"Poi\\u0000son\", \"content_text\": \"text\"", true,
                is("json-nul-title-poison"), "control_characters_removed", o -> {}));
        cases.add(json("json-nul-every-field", "\"id\": \"json-nul\\u0000-every-field\", \"url\": \"https://hostile.test/json-nul-every-field/p\\u0000\","
                        + " \"title\": \"Poi\\u0000son\", \"summary\": \"s\\u0000s\", \"content_html\": \"<p>c\\u0000c</p>\","
                        + " \"authors\": [{\"name\": \"A\\u0000B\"}], \"tags\": [\"t\\u0000t\"], \"language\": \"e\\u0000n\","
                        + " \"attachments\": [{\"url\": \"https://hostile.test/a\\u0000.mp3\", \"mime_type\": \"audio/\\u0000mpeg\"}]", true,
                is("json-nul-every-field"), "control_characters_removed", o -> {
                    JsonNode poison = o.event("Poison");
                    assertThat(poison.path("guid").asText()).isEqualTo("json-nul-every-field");
                    assertThat(poison.path("url").asText()).isEqualTo("https://hostile.test/json-nul-every-field/p");
                    assertThat(poison.path("summary").asText()).isEqualTo("ss");
                    assertThat(poison.path("contentText").asText()).isEqualTo("cc");
                    assertThat(poison.path("author").asText()).isEqualTo("AB");
                    assertThat(poison.path("categories").get(0).asText()).isEqualTo("tt");
                    assertThat(poison.path("enclosures").get(0).path("url").asText()).isEqualTo("https://hostile.test/a.mp3");
                    assertThat(poison.path("enclosures").get(0).path("type").asText()).isEqualTo("audio/mpeg");
                }));
        cases.add(json("json-lone-surrogates", "\"id\": \"json-lone\\udc00-surrogates\", \"url\": \"https://hostile.test/json-lone-surrogates/p\","
                        + " \"title\": \"Poi\\ud800son\", \"content_text\": \"a\\ud800b\\udfffc\"", true,
                is("json-lone-surrogates"), "control_characters_removed",
                o -> assertThat(o.event("Poison").path("contentText").asText()).isEqualTo("abc")));
        cases.add(json("json-c0-and-nonchars", "\"id\": \"json-c0-and-nonchars-poison\", \"url\": \"https://hostile.test/json-c0-and-nonchars/p\","
                        + " \"title\": \"Poison\\ufffe\\uffff\", \"content_text\": \"a\\u0001\\u001f\\u000bb\\u007f\"", true,
                is("json-c0-and-nonchars-poison"), "control_characters_removed", o -> {}));
        cases.add(json("json-html-hash-0", "\"id\": \"json-html-hash-0-poison\", \"url\": \"https://hostile.test/json-html-hash-0/p\","
                        + " \"title\": \"Poison\", \"content_html\": \"<p>&#0;x&amp;#0;</p>\"", true,
                is("json-html-hash-0-poison"), "control_characters_removed", o -> {}));
        cases.add(json("json-long-emoji-id", "\"id\": \"" + "\\ud83d\\udcf0".repeat(300) + "\", \"url\": \"https://hostile.test/json-long-emoji-id/p\","
                        + " \"title\": \"Poison\"", true,
                e -> e.startsWith("sha256:"), "guid_hashed", o -> {}));
        cases.add(json("json-long-cyrillic-url", "\"id\": \"json-long-cyrillic-url-poison\", \"url\": \"https://hostile.test/" + "п".repeat(1_400) + "\","
                        + " \"title\": \"Poison\"", true,
                is("json-long-cyrillic-url-poison"), "link_dropped", o -> {}));
        cases.add(json("json-empty-after-cleaning", "\"id\": \"json-empty-after-cleaning-poison\", \"title\": \"\\u0000\\u0001\"", false,
                is("json-empty-after-cleaning-poison"), "entry_empty", o -> {}));

        // Whole documents.
        cases.add(new Case("rss-all-entries-poisoned", "application/rss+xml; charset=utf-8", rssDocument("All poisoned",
                IntStream.range(0, 3).mapToObj(i -> "<item><title>&amp;#0;</title><description>&amp;#1;</description></item>").toList()),
                List.of(), is("#3"), "entry_empty", o -> {
                    assertThat(o.lastFetch().path("warnings")).hasSize(3);
                    assertThat(o.feed().path("lastError").asText(null)).isNull();
                    assertThat(o.feed().path("state").asText()).isEqualTo("active");
                }));
        List<String> many = IntStream.range(0, 200_000).mapToObj(i -> "<item><title>e" + i + "</title></item>").toList();
        cases.add(new Case("rss-200000-entries", "application/rss+xml; charset=utf-8", rssDocument("Many", many),
                IntStream.range(0, 1_000).mapToObj(i -> "e" + i).toList(), is("#1001"), "entries_capped",
                o -> {
                    assertThat(o.lastFetch().path("itemsSeen").asInt()).isEqualTo(1_000);
                    // For docs/reliability.md "Bounded work": what one capped document costs end to end.
                    System.out.printf("200 000-entry document: fetched in %d ms, fetched + parsed + stored %s after subscribing%n",
                            o.lastFetch().path("durationMs").asLong(), Duration.between(Instant.parse(o.feed().path("createdAt").asText()),
                                    Instant.parse(o.feed().path("lastFetchedAt").asText())));
                }));
        cases.add(new Case("rss-091-netscape-dtd", "application/rss+xml; charset=iso-8859-1",
                "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n<!DOCTYPE rss PUBLIC \"-//Netscape Communications//DTD RSS 0.91//EN\"\n"
                        + " \"http://127.0.0.1:9/publish/formats/rss-0.91.dtd\">\n<rss version=\"0.91\"><channel><title>Old</title>"
                        + "<link>https://hostile.test/old/</link><description>d</description><language>en-us</language>"
                        + "<item><title>Old one</title><link>https://hostile.test/old/1</link><description>caf&eacute;</description></item>"
                        + "<item><title>Old two</title><link>https://hostile.test/old/2</link></item></channel></rss>",
                List.of("Old one", "Old two"), is("(document)"), "document_repaired", o -> {
                    assertThat(o.lastFetch().path("warnings")).anySatisfy(w -> assertThat(w.path("detail").asText()).contains("external DTD"));
                    assertThat(o.event("Old one").path("summary").asText()).isEqualTo("café");
                }));
        cases.add(new Case("rss-internal-subset-xxe", "application/rss+xml; charset=utf-8",
                "<?xml version=\"1.0\"?><!DOCTYPE rss PUBLIC \"-//Netscape Communications//DTD RSS 0.91//EN\" \"http://127.0.0.1:9/x.dtd\""
                        + " [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]><rss version=\"0.91\"><channel><title>&xxe;</title>"
                        + "<item><title>x</title></item></channel></rss>",
                List.of(), null, null, o -> {
                    assertThat(o.feed().path("lastError").asText()).isEqualTo("parse_error");
                    assertThat(o.feed().path("lastErrorDetail").asText()).contains("DOCTYPE");
                }));
        cases.add(new Case("rss-store-fails", "application/rss+xml; charset=utf-8", rssDocument("Store fails", List.of(
                neighbour("rss-store-fails", "before"), "<item><title>" + STORE_FAILS + "</title></item>", neighbour("rss-store-fails", "after"))),
                List.of(), null, null, o -> {
                    // The neighbours share the document's transaction: a failure of the whole
                    // document is the feed's failure, with backoff, not silence.
                    assertThat(o.feed().path("lastError").asText()).isEqualTo("store_failed");
                    assertThat(o.feed().path("lastErrorDetail").asText()).contains("fault injected: the store fails");
                    assertThat(o.feed().path("consecutiveFailures").asInt()).isEqualTo(1);
                    assertThat(Instant.parse(o.feed().path("nextPollAt").asText())).isAfter(Instant.parse(o.feed().path("lastFetchedAt").asText()));
                    assertThat(o.lastFetch().path("outcome").asText()).isEqualTo("failed");
                    assertThat(o.lastFetch().path("errorCode").asText()).isEqualTo("store_failed");
                }));
        return cases;
    }

    private static Predicate<String> is(String entry) {
        return entry::equals;
    }

    // ---------------------------------------------------------------- documents

    private static String neighbour(String name, String which) {
        return "<item><guid isPermaLink=\"false\">" + name + "-" + which + "</guid><link>https://hostile.test/" + name + "/" + which
                + "</link><title>" + name + " " + which + "</title><description>The " + which + " neighbour.</description></item>";
    }

    private static List<String> neighbourTitles(String name) {
        return List.of(name + " before", name + " after");
    }

    private static String rssDocument(String title, List<String> items) {
        return RssFeeds.channel(title).link("https://hostile.test/").description("d").namespace("content", RssFeeds.CONTENT).items(items).xml();
    }

    /**
     * An RSS document: a good entry, the poisoned one (GUID {@code <name>-poison}, or no GUID and no
     * link when {@code extra} is null), a good entry. {@code poisonTitles}: the poisoned entry's
     * title as published, or nothing when it must be refused.
     */
    private static Case rss(String name, String extra, String title, List<String> poisonTitles, Predicate<String> entry, String code,
                            Consumer<Outcome> more) {
        String poison = extra == null
                ? "<item><title>" + title + "</title></item>"
                : "<item><guid isPermaLink=\"false\">" + name + "-poison</guid><link>https://hostile.test/" + name + "/poison</link>"
                        + "<title>" + title + "</title>" + extra + "</item>";
        return withNeighbours(name, "application/rss+xml; charset=utf-8",
                rssDocument("Feed " + name, List.of(neighbour(name, "before"), poison, neighbour(name, "after"))), poisonTitles, entry, code, more);
    }

    private static Case rssWithGuid(String name, String guid, String link, String title, String extra, Predicate<String> entry, String code,
                                    Consumer<Outcome> more) {
        String poison = "<item><guid isPermaLink=\"false\">" + guid + "</guid><link>" + link + "</link><title>" + title + "</title>" + extra + "</item>";
        return withNeighbours(name, "application/rss+xml; charset=utf-8",
                rssDocument("Feed " + name, List.of(neighbour(name, "before"), poison, neighbour(name, "after"))), List.of(title), entry, code, more);
    }

    /** A clean document whose channel title is {@code feedTitle} (XML-escaped as given). */
    private static Case document(String name, String feedTitle, Predicate<String> entry, String code, Consumer<Outcome> more) {
        return withNeighbours(name, "application/rss+xml; charset=utf-8",
                rssDocument(feedTitle, List.of(neighbour(name, "before"), neighbour(name, "after"))), List.of(), entry, code, more);
    }

    private static Case atom(String name, String extra, String id, Predicate<String> entry, String code, Consumer<Outcome> more) {
        String body = "<?xml version=\"1.0\" encoding=\"utf-8\"?><feed xmlns=\"http://www.w3.org/2005/Atom\"><title>Feed " + name + "</title>"
                + "<id>urn:feed:" + name + "</id><updated>2026-01-01T00:00:00Z</updated>"
                + atomEntry(name, "before", "urn:" + name + ":before", "")
                + "<entry><id>" + id + "</id><title>Poison</title><link href=\"https://hostile.test/" + name + "/poison\"/>"
                + "<updated>2026-01-01T00:00:00Z</updated>" + extra + "</entry>"
                + atomEntry(name, "after", "urn:" + name + ":after", "") + "</feed>";
        return withNeighbours(name, "application/atom+xml; charset=utf-8", body, List.of("Poison"), entry, code, more);
    }

    private static String atomEntry(String name, String which, String id, String extra) {
        return "<entry><id>" + id + "</id><title>" + name + " " + which + "</title><link href=\"https://hostile.test/" + name + "/" + which + "\"/>"
                + "<updated>2026-01-01T00:00:00Z</updated><summary>The " + which + " neighbour.</summary>" + extra + "</entry>";
    }

    /** A JSON Feed: a good item, the poisoned one ({@code poisonFields}, JSON as written), a good item. */
    private static Case json(String name, String poisonFields, boolean poisonStored, Predicate<String> entry, String code, Consumer<Outcome> more) {
        String body = "{\"version\": \"https://jsonfeed.org/version/1.1\", \"title\": \"Feed " + name + "\", \"items\": ["
                + jsonItem(name, "before") + ", {" + poisonFields + "}, " + jsonItem(name, "after") + "]}";
        return withNeighbours(name, "application/feed+json", body, poisonStored ? List.of("Poison") : List.of(), entry, code, more);
    }

    private static String jsonItem(String name, String which) {
        return "{\"id\": \"" + name + "-" + which + "\", \"url\": \"https://hostile.test/" + name + "/" + which + "\", \"title\": \""
                + name + " " + which + "\", \"content_text\": \"The " + which + " neighbour.\"}";
    }

    private static Case withNeighbours(String name, String contentType, String body, List<String> poisonTitles, Predicate<String> entry, String code,
                                       Consumer<Outcome> more) {
        List<String> stored = new ArrayList<>(neighbourTitles(name));
        stored.addAll(poisonTitles);
        return new Case(name, contentType, body, List.copyOf(stored), entry, code, more);
    }
}
