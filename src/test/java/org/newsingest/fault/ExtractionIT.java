package org.newsingest.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.newsingest.testing.ArticlePages;
import org.newsingest.testing.TopicReader;

/**
 * Issue 19 end to end on the packaged service: a feed of one-line teasers whose entries link to
 * article pages on a local origin. The good pages' bodies reach Kafka as {@code contentText} with
 * {@code contentSource: "page"}; a robots-disallowed page (never requested), a 404, a hanging page,
 * a 5 MB page, a PDF and a redirect to a private address each cost only their own body. The
 * origin's robots.txt asks for a Crawl-delay, so the pages are read one after the other over
 * many seconds: some bodies arrive within the hold of their created event, the later ones as
 * updates, and there is still exactly one created per story.
 */
@Tag("fault")
class ExtractionIT {

    private static final Duration ARRIVAL = Duration.ofSeconds(150);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int GOOD_PAGES = 6;

    @Test
    void teaserFeedsGetTheirPagesBodiesOnThePackagedService() {
        Map<String, String> settings = Map.of(
                "INGEST_EXTRACT_ENABLED", "true",
                "INGEST_EXTRACT_PAGE_TIMEOUT", "PT3S",
                // The guard as in production, with the local origin's loopback address allowed.
                "INGEST_FETCH_ALLOW_PRIVATE_NETWORKS", "false",
                "INGEST_FETCH_ALLOW_LIST", "127.0.0.1/32");
        try (World world = new World("extraction", 1, settings);
             TopicReader reader = new TopicReader(world.bootstrap(), World.TOPIC, world.feeds.url("/extract/"))) {
            Map<String, String> links = servePages(world);
            int feed = world.subscribe("/extract/teasers");

            awaitCount(world, "SELECT count(*) FROM item_extraction WHERE feed_id = " + feed + " AND state <> 'pending'", links.size());
            Map<String, JsonNode> latest = awaitBodies(reader, feed);
            List<ConsumerRecord<String, byte[]>> events = ofFeed(reader.drain(Duration.ofSeconds(8)), feed);

            // One created per story (a re-send would carry the same ce_id).
            Map<String, List<String>> createdIds = events.stream().filter(r -> header(r, "ce_type").equals("news.item.created"))
                    .collect(Collectors.groupingBy(ConsumerRecord::key, Collectors.mapping(r -> header(r, "ce_id"), Collectors.toList())));
            assertThat(createdIds).hasSize(links.size());
            assertThat(createdIds.values()).allSatisfy(ids -> assertThat(ids).containsOnly(ids.get(0)));

            for (int n = 1; n <= GOOD_PAGES; n++) {
                JsonNode story = latest.get("Story " + n);
                assertThat(story.get("contentText").asText()).isEqualTo(ArticlePages.body("story-" + n));
                assertThat(story.get("contentSource").asText()).isEqualTo("page");
                assertThat(story.get("extraction").get("outcome").asText()).isEqualTo("extracted");
            }
            Map<String, String> reasons = new HashMap<>();
            for (String title : List.of("Private memo", "Missing page", "Hanging page", "Huge page", "A PDF", "Moved inside")) {
                JsonNode story = latest.get(title);
                assertThat(story.has("contentText")).as(title).isFalse();
                assertThat(story.get("summary").asText()).as(title).isEqualTo("A one-line teaser of " + title + ".");
                reasons.put(title, String.join("/", world.strings("SELECT x.state || '/' || x.reason FROM item_extraction x JOIN item i ON i.id = x.item_id"
                        + " WHERE i.title = '" + title.replace("'", "''") + "'")));
            }
            assertThat(reasons).isEqualTo(Map.of(
                    "Private memo", "skipped/robots_disallowed",
                    "Missing page", "failed/http_4xx",
                    "Hanging page", "failed/timeout",
                    "Huge page", "failed/too_large",
                    "A PDF", "skipped/not_html",
                    "Moved inside", "failed/blocked_address"));
            assertThat(world.feeds.hits("/extract/private/memo")).as("a page robots.txt disallows is never requested").isZero();

            long inCreated = events.stream().filter(r -> header(r, "ce_type").equals("news.item.created"))
                    .filter(r -> "page".equals(body(r).path("contentSource").asText())).map(ConsumerRecord::key).distinct().count();
            System.out.printf("ExtractionIT: %d of %d page bodies rode in their created event (hold 10 s, Crawl-delay 2 s); the rest came as updated%n",
                    inCreated, GOOD_PAGES);
        }
    }

    /** Six good article pages and the six ways a page can fail, under one robots.txt; returns the feed's links by title. */
    private static Map<String, String> servePages(World world) {
        world.feeds.serve("/robots.txt", "text/plain", "User-agent: *\nDisallow: /extract/private/\nCrawl-delay: 2\n".getBytes(StandardCharsets.UTF_8));
        Map<String, String> links = new LinkedHashMap<>();
        for (int n = 1; n <= GOOD_PAGES; n++) {
            world.feeds.serve("/extract/articles/" + n, "text/html; charset=utf-8",
                    ArticlePages.article("story-" + n, "Author " + n).getBytes(StandardCharsets.UTF_8));
            links.put("Story " + n, world.feeds.url("/extract/articles/" + n));
        }
        world.feeds.serve("/extract/private/memo", "text/html", ArticlePages.article("memo", "Nobody").getBytes(StandardCharsets.UTF_8));
        world.feeds.hang("/extract/hanging");
        world.feeds.serve("/extract/huge", "text/html", ("<html><body><article><p>" + "word ".repeat(1_000_000) + "</p></article></body></html>")
                .getBytes(StandardCharsets.UTF_8));
        world.feeds.serve("/extract/report.pdf", "application/pdf", "%PDF-1.7 not an article".getBytes(StandardCharsets.UTF_8));
        world.feeds.redirect("/extract/moved", 302, "http://10.20.30.40/news/moved-here");
        links.put("Private memo", world.feeds.url("/extract/private/memo"));
        links.put("Missing page", world.feeds.url("/extract/missing"));
        links.put("Hanging page", world.feeds.url("/extract/hanging"));
        links.put("Huge page", world.feeds.url("/extract/huge"));
        links.put("A PDF", world.feeds.url("/extract/report.pdf"));
        links.put("Moved inside", world.feeds.url("/extract/moved"));
        world.feeds.serve("/extract/teasers", ArticlePages.feed("Teasers", links));
        return links;
    }

    /** The latest event of each story of the feed, by title, once every good story's latest one carries its page's body. */
    private static Map<String, JsonNode> awaitBodies(TopicReader reader, int feed) {
        return await().atMost(ARRIVAL).pollDelay(Duration.ZERO).until(() -> latestByTitle(ofFeed(reader.drain(Duration.ofMillis(500)), feed)),
                latest -> latest.size() == GOOD_PAGES + 6
                        && latest.values().stream().filter(b -> "page".equals(b.path("contentSource").asText())).count() == GOOD_PAGES);
    }

    private static Map<String, JsonNode> latestByTitle(List<ConsumerRecord<String, byte[]>> records) {
        Map<String, JsonNode> latest = new HashMap<>();
        for (ConsumerRecord<String, byte[]> record : records) {
            JsonNode body = body(record);
            latest.merge(body.get("title").asText(), body, (a, b) -> a.get("revision").asInt() > b.get("revision").asInt() ? a : b);
        }
        return latest;
    }

    private static void awaitCount(World world, String sql, long atLeast) {
        await().atMost(ARRIVAL).pollInterval(Duration.ofMillis(200)).until(() -> world.count(sql), count -> count >= atLeast);
    }

    private static List<ConsumerRecord<String, byte[]>> ofFeed(List<ConsumerRecord<String, byte[]>> records, int feed) {
        return records.stream().filter(r -> body(r).get("feed").get("id").asInt() == feed).toList();
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }

    private static JsonNode body(ConsumerRecord<String, byte[]> record) {
        try {
            return JSON.readTree(record.value());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
