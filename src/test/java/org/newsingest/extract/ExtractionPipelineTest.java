package org.newsingest.extract;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.newsingest.testing.ArticlePages;
import org.newsingest.testing.EventChecks;
import org.newsingest.testing.FeedServer;
import org.newsingest.testing.PipelineTest;
import org.newsingest.testing.RealEngines;
import org.newsingest.testing.TopicReader;

/**
 * Article pages on a local origin, read by the running service: a story whose feed entry is a
 * one-line teaser is published with its page's body, and each way a page can fail costs only that
 * page's body. The guard runs as in production here (no private networks), with the test origin's
 * loopback address on the allow-list, so a redirect to a private address is refused.
 */
@QuarkusTest
@TestProfile(ExtractionPipelineTest.PagesOn.class)
class ExtractionPipelineTest extends PipelineTest {

    public static class PagesOn extends RealEngines {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "ingest.extract.enabled", "true",
                    "ingest.extract.hold", "PT30S",
                    "ingest.extract.page-timeout", "PT3S",
                    "ingest.extract.max-page-bytes", "1048576",
                    "ingest.fetch.allow-private-networks", "false",
                    "ingest.fetch.allow-list", "127.0.0.1/32");
        }
    }

    @Inject
    EntityManager entityManager;

    @Test
    void teaserStoriesArePublishedOnceWithTheirPagesBodyAndEachBrokenPageCostsOnlyItsOwnBody() {
        server.serve("/robots.txt", "text/plain", "User-agent: *\nDisallow: /private/\n".getBytes(StandardCharsets.UTF_8));
        server.serve("/news/ceasefire", "text/html; charset=utf-8", ArticlePages.article("ceasefire", "Olena Kovalenko").getBytes(StandardCharsets.UTF_8));
        server.serve("/private/memo", "text/html", ArticlePages.article("memo", "Nobody").getBytes(StandardCharsets.UTF_8));
        server.hang("/news/hanging");
        server.serve("/news/huge", "text/html", ("<html><body><article><p>" + "word ".repeat(1_000_000) + "</p></article></body></html>")
                .getBytes(StandardCharsets.UTF_8));
        server.serve("/news/report.pdf", "application/pdf", "%PDF-1.7 not an article".getBytes(StandardCharsets.UTF_8));
        server.redirect("/news/moved", 302, "http://10.20.30.40/news/moved-here");
        Map<String, String> links = new LinkedHashMap<>();
        links.put("Ceasefire talks", server.url("/news/ceasefire"));
        links.put("Private memo", server.url("/private/memo"));
        links.put("Missing page", server.url("/news/missing"));
        links.put("Hanging page", server.url("/news/hanging"));
        links.put("Huge page", server.url("/news/huge"));
        links.put("A PDF", server.url("/news/report.pdf"));
        links.put("Moved inside", server.url("/news/moved"));
        server.serve("/feeds/teasers", ArticlePages.feed("Teasers", links));

        try (TopicReader reader = reader()) {
            int feedId = subscribe("/feeds/teasers", List.of());
            List<ConsumerRecord<String, byte[]>> created = awaitEventsOf(reader, feedId, links.size());
            // Nothing more: no story gets a second created, and no broken page sends an update.
            List<ConsumerRecord<String, byte[]>> all = reader.drain(Duration.ofSeconds(5)).stream()
                    .filter(r -> body(r).get("feed").get("id").asInt() == feedId).toList();
            assertThat(all).hasSameSizeAs(created);
            created.forEach(EventChecks::assertValid);
            assertThat(created).allSatisfy(r -> assertThat(EventChecks.headers(r).get("ce_type")).isEqualTo("news.item.created"));
            Map<String, JsonNode> byTitle = created.stream().map(this::body).collect(Collectors.toMap(b -> b.get("title").asText(), b -> b));

            JsonNode article = byTitle.get("Ceasefire talks");
            assertThat(article.get("contentText").asText()).isEqualTo(ArticlePages.body("ceasefire"));
            assertThat(article.get("contentSource").asText()).isEqualTo("page");
            assertThat(article.get("summary").asText()).isEqualTo("A one-line teaser of Ceasefire talks.");
            assertThat(article.get("author").asText()).isEqualTo("Olena Kovalenko");
            assertThat(article.get("language").asText()).isEqualTo("en");
            assertThat(article.get("extraction").get("outcome").asText()).isEqualTo("extracted");
            assertThat(article.get("extraction").get("finalUrl").asText()).isEqualTo(server.url("/news/ceasefire"));
            assertThat(article.get("extraction").get("metadataSources").get("author").asText()).isNotBlank();

            Map<String, String> expectedReasons = Map.of(
                    "Private memo", "skipped/robots_disallowed",
                    "Missing page", "failed/http_4xx",
                    "Hanging page", "failed/timeout",
                    "Huge page", "failed/too_large",
                    "A PDF", "skipped/not_html",
                    "Moved inside", "failed/blocked_address");
            Map<String, String> published = new HashMap<>();
            expectedReasons.keySet().forEach(title -> {
                JsonNode event = byTitle.get(title);
                assertThat(event.has("contentText")).as(title).isFalse();
                assertThat(event.get("summary").asText()).as(title).isEqualTo("A one-line teaser of " + title + ".");
                published.put(title, event.get("extraction").get("outcome").asText() + "/" + event.get("extraction").get("reason").asText());
            });
            assertThat(published).isEqualTo(expectedReasons);
            assertThat(recordedStates(feedId)).isEqualTo(Map.of(
                    "Ceasefire talks", "extracted/-",
                    "Private memo", "skipped/robots_disallowed",
                    "Missing page", "failed/http_4xx",
                    "Hanging page", "failed/timeout",
                    "Huge page", "failed/too_large",
                    "A PDF", "skipped/not_html",
                    "Moved inside", "failed/blocked_address"));
        }
        assertThat(server.hits("/private/memo")).as("a page robots.txt disallows is never requested").isZero();
        assertThat(server.hits("/robots.txt")).isEqualTo(1);
        assertThat(server.hits("/news/ceasefire")).isEqualTo(1);
    }

    @Test
    void theItemApiShowsTheExtractionOutcome() {
        server.serve("/robots.txt", "text/plain", "User-agent: *\nDisallow: /private/\n".getBytes(StandardCharsets.UTF_8));
        server.serve("/news/api-story", "text/html", ArticlePages.article("api-story", "Ivan Petrenko").getBytes(StandardCharsets.UTF_8));
        server.serve("/feeds/api", ArticlePages.feed("Api", Map.of("Api story", server.url("/news/api-story"))));
        try (TopicReader reader = reader()) {
            int feedId = subscribe("/feeds/api", List.of());
            String itemId = body(awaitEventsOf(reader, feedId, 1).get(0)).get("itemId").asText();
            given().get("/api/v1/items/" + itemId).then().statusCode(200)
                    .body("contentSource", equalTo("page"))
                    .body("extraction.outcome", equalTo("extracted"))
                    .body("contentText", equalTo(ArticlePages.body("api-story")));
        }
    }

    @Test
    void aRevisedTeaserKeepsTheArticleBodyReadFromThePage() {
        server.serve("/news/revised", "text/html", ArticlePages.article("revised", "Ivan Petrenko").getBytes(StandardCharsets.UTF_8));
        server.serve("/feeds/revised", ArticlePages.feed("Revised", Map.of("First headline", server.url("/news/revised"))));
        try (TopicReader reader = reader()) {
            int feedId = subscribe("/feeds/revised", List.of());
            JsonNode created = body(awaitEventsOf(reader, feedId, 1).get(0));
            assertThat(created.get("contentSource").asText()).isEqualTo("page");

            server.serve("/feeds/revised", ArticlePages.feed("Revised", Map.of("Corrected headline", server.url("/news/revised"))));
            given().post("/api/v1/feeds/" + feedId + "/poll").then().statusCode(202);
            JsonNode updated = body(awaitEventsOf(reader, feedId, 2).get(1));
            assertThat(updated.get("title").asText()).isEqualTo("Corrected headline");
            assertThat(updated.get("contentText").asText()).isEqualTo(ArticlePages.body("revised"));
            assertThat(updated.get("contentSource").asText()).isEqualTo("page");
            assertThat(updated.get("changedFields")).extracting(JsonNode::asText).contains("title").doesNotContain("contentText");
        }
    }

    @Test
    void aFeedThatOptedOutKeepsItsTextAndItsPagesAreNeverRequested() {
        server.serve("/news/opted-out", "text/html", ArticlePages.article("opted-out", "Ivan Petrenko").getBytes(StandardCharsets.UTF_8));
        server.serve("/feeds/opted-out", ArticlePages.feed("Opted out", Map.of("Opted-out story", server.url("/news/opted-out"))));
        try (TopicReader reader = reader()) {
            int feedId = given().contentType(ContentType.JSON)
                    .body(Map.of("url", server.url("/feeds/opted-out"), "extract", false))
                    .post("/api/v1/feeds")
                    .then().statusCode(201).body("extract", equalTo(false))
                    .extract().path("id");
            JsonNode event = body(awaitEventsOf(reader, feedId, 1).get(0));
            assertThat(event.has("extraction")).isFalse();
            assertThat(event.has("contentText")).isFalse();
            assertThat(states(feedId)).isEmpty();
        }
        assertThat(server.hits("/news/opted-out")).isZero();
    }

    @Test
    void thePreviewShowsWhatAPageGivesUnderTheSameRules() {
        server.serve("/robots.txt", "text/plain", "User-agent: *\nDisallow: /private/\n".getBytes(StandardCharsets.UTF_8));
        server.serve("/news/preview-story", "text/html", ArticlePages.article("preview-story", "Maria Ionescu").getBytes(StandardCharsets.UTF_8));
        server.serve("/private/preview", "text/html", ArticlePages.article("private", "Nobody").getBytes(StandardCharsets.UTF_8));

        given().contentType(ContentType.JSON).body(Map.of("url", server.url("/news/preview-story")))
                .post("/api/v1/preview/extract")
                .then().statusCode(200)
                .body("outcome", equalTo("extracted"))
                .body("bodyText", equalTo(ArticlePages.body("preview-story")))
                .body("metadata.author.value", equalTo("Maria Ionescu"));
        given().contentType(ContentType.JSON).body(Map.of("url", server.url("/private/preview")))
                .post("/api/v1/preview/extract")
                .then().statusCode(200)
                .body("outcome", equalTo("skipped"))
                .body("reason", equalTo("robots_disallowed"));
        assertThat(server.hits("/private/preview")).isZero();
        given().contentType(ContentType.JSON).body(Map.of("url", "http://10.20.30.40/news"))
                .post("/api/v1/preview/extract")
                .then().statusCode(422)
                .body("code", equalTo("blocked_address"));
    }

    @Test
    void anUnreachableRobotsTxtIsItsOwnReasonAndKeepsThePageUnrequestedWhileAMissingOneAllowsAll() {
        // Each origin its own server: robots.txt is cached per origin.
        try (FeedServer failing = FeedServer.start(); FeedServer hanging = FeedServer.start(); FeedServer missing = FeedServer.start()) {
            failing.fail("/robots.txt", 503);
            hanging.hang("/robots.txt");
            for (FeedServer origin : List.of(failing, hanging, missing)) {
                origin.serve("/news/story", "text/html", ArticlePages.article("robots-story", "Ana Lima").getBytes(StandardCharsets.UTF_8));
            }
            for (FeedServer unreachable : List.of(failing, hanging)) {
                given().contentType(ContentType.JSON).body(Map.of("url", unreachable.url("/news/story")))
                        .post("/api/v1/preview/extract")
                        .then().statusCode(200)
                        .body("outcome", equalTo("skipped"))
                        .body("reason", equalTo("robots_unreachable"));
                assertThat(unreachable.hits("/robots.txt")).isEqualTo(1);
                assertThat(unreachable.hits("/news/story")).as("RFC 9309: an unreachable robots.txt disallows everything").isZero();
            }
            given().contentType(ContentType.JSON).body(Map.of("url", missing.url("/news/story")))
                    .post("/api/v1/preview/extract")
                    .then().statusCode(200)
                    .body("outcome", equalTo("extracted"));
            assertThat(missing.hits("/robots.txt")).as("a 404 robots.txt: no rules").isEqualTo(1);
        }
    }

    /** {@code title → state/reason} of every extraction recorded for the feed's items, once none is pending. */
    private Map<String, String> recordedStates(int feedId) {
        await().atMost(Duration.ofSeconds(30)).until(() -> !states(feedId).containsValue("pending/-"));
        return states(feedId);
    }

    @Transactional
    Map<String, String> states(int feedId) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = entityManager.createNativeQuery("""
                SELECT i.title, x.state, coalesce(x.reason, '-') FROM item_extraction x JOIN item i ON i.id = x.item_id WHERE x.feed_id = :feed
                """).setParameter("feed", feedId).getResultList();
        return rows.stream().collect(Collectors.toMap(row -> (String) row[0], row -> row[1] + "/" + row[2]));
    }
}
