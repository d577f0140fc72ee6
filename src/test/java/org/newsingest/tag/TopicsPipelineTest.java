package org.newsingest.tag;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasItem;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.newsingest.testing.EventChecks;
import org.newsingest.testing.PipelineTest;
import org.newsingest.testing.RealEngines;
import org.newsingest.testing.TopicReader;

/** Topics on the real pipeline: what arrives in Kafka, in the header and in the body. */
@QuarkusTest
@TestProfile(RealEngines.class)
class TopicsPipelineTest extends PipelineTest {

    private static final Set<String> BERLIN = Set.of("geo:UA", "geo:RU", "geo:US", "geo:DE", "beat:peace-talks", "beat:russia-ukraine-war");
    private static final String WEATHER = "mediatopic:17000000";
    private static final Set<String> OFF_TOPIC = Set.of("mediatopic:15000000", "mediatopic:01000000");

    @ConfigProperty(name = "ingest.topics.min-score")
    double minScore;

    @Test
    void berlinTalksGetTheirPlacesAndSubjectsWithAndWithoutCategories() throws IOException {
        server.serve("/topics/rferl", fixture("rferl-berlin.xml"));
        server.serve("/topics/digest", fixture("aggregator-copy.xml"));
        try (TopicReader reader = reader()) {
            int rferl = subscribe("/topics/rferl", List.of());
            ConsumerRecord<String, byte[]> original = awaitEventsOf(reader, rferl, 1).get(0);
            EventChecks.assertValid(original);
            Set<String> header = Set.of(header(original, "news_topics").split(","));
            assertThat(header).containsAll(BERLIN).doesNotContainAnyElementsOf(OFF_TOPIC);
            assertThat(header).isEqualTo(idsAtOrAbove(body(original), minScore));
            Map<String, JsonNode> fromCategories = byId(body(original));
            // The category adds to what the text says; a category the taxonomy does not know passes through.
            assertThat(fromCategories.get("beat:russia-ukraine-war").get("score").asDouble()).isGreaterThanOrEqualTo(TopicTagger.CATEGORY_SCORE);
            assertThat(fromCategories.get("category:newsline").get("source").asText()).isEqualTo("category");
            assertThat(fromCategories.get("category:newsline").get("label").asText()).isEqualTo("Newsline");
            assertThat(fromCategories.get("geo:DE").get("source").asText()).isEqualTo("geo");
            assertThat(fromCategories.get("geo:DE").get("labelEn").asText()).isEqualTo("Germany");
        }
        // The republished copy may be stored as a duplicate of a story already seen (by this or another
        // test), which publishes no event of its own; its own item, with the topics of its own text, is
        // in the item store either way.
        int digest = subscribe("/topics/digest", List.of());
        JsonNode copy = awaitStoredItems(digest, 1).get(0);
        assertThat(copy.path("categories")).isEmpty();
        assertThat(idsAtOrAbove(copy, minScore)).containsAll(BERLIN).doesNotContainAnyElementsOf(OFF_TOPIC);
        Map<String, JsonNode> fromText = byId(copy);
        assertThat(fromText.get("geo:UA").get("source").asText()).isEqualTo("geo");
        assertThat(fromText.get("beat:peace-talks").get("source").asText()).isEqualTo("rule");
    }

    @Test
    void russianAndUkrainianItemsAboutUkraineCarryTheSameIdAndTheTopicFilterIncludesDescendants() throws IOException {
        server.serve("/topics/ru-uk", fixture("ukraine-ru-uk.xml"));
        try (TopicReader reader = reader()) {
            int feed = subscribe("/topics/ru-uk", List.of("Ukraine"));
            List<ConsumerRecord<String, byte[]>> records = awaitEventsOf(reader, feed, 2);
            for (ConsumerRecord<String, byte[]> record : records) {
                assertThat(header(record, "news_topics").split(",")).contains("geo:UA", "geo:DE");
                JsonNode ukraine = byId(body(record)).get("geo:UA");
                assertThat(ukraine.get("labelEn").asText()).isEqualTo("Ukraine");
                assertThat(ukraine.get("label").asText()).isIn("Украина", "Україна");
            }
        }
        given().get("/api/v1/items?topic=beat:russia-ukraine-war&limit=100").then().statusCode(200)
                .body("items.size()", greaterThanOrEqualTo(1));
        // The counts are recounted on a tick (ingest.api-read.topic-counts-refresh), not per call.
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().get("/api/v1/topics").then().statusCode(200)
                .body("find { it.id == 'geo:UA' }.labels.uk", equalTo("Україна"))
                .body("find { it.id == 'geo:UA' }.items", greaterThanOrEqualTo(2))
                .body("id", hasItem("mediatopic:17000000")));
    }

    @Test
    void retaggingRecomputesOnlyWhatChangedAndPublishesUpdates() throws IOException {
        // Stories of their own: copies of another test's stories would be sightings, with no events.
        server.serve("/topics/retag", fixture("ukraine-retag.xml"));
        Instant before = Instant.now();
        try (TopicReader reader = reader()) {
            int feed = subscribe("/topics/retag", List.of());
            awaitEventsOf(reader, feed, 2);
            // Nothing changed in the taxonomy: nothing to publish.
            given().contentType(ContentType.JSON)
                    .body(retagWindow(before, feed))
                    .post("/api/v1/retag").then().statusCode(200)
                    .body("scanned", equalTo(2)).body("changed", equalTo(0));
            // The feed now carries a tag: its items' topics change, so they are revised and republished.
            given().contentType(ContentType.JSON).body(Map.of("tags", List.of("Weather")))
                    .patch("/api/v1/feeds/{id}", feed).then().statusCode(200);
            given().contentType(ContentType.JSON).body(retagWindow(before, feed))
                    .post("/api/v1/retag").then().statusCode(200).body("changed", equalTo(2));
            List<ConsumerRecord<String, byte[]>> all = awaitEventsOf(reader, feed, 4);
            for (ConsumerRecord<String, byte[]> updated : all.subList(2, 4)) {
                EventChecks.assertValid(updated);
                assertThat(header(updated, "ce_type")).isEqualTo("news.item.updated");
                JsonNode body = body(updated);
                assertThat(body.get("revision").asInt()).isEqualTo(2);
                assertThat(body.get("changedFields").get(0).asText()).isEqualTo("topics");
                JsonNode weather = byId(body).get("mediatopic:17000000");
                assertThat(weather.get("source").asText()).isEqualTo("feed");
                assertThat(weather.get("score").asDouble()).isEqualTo(TopicTagger.FEED_SCORE);
            }
        }
    }

    @Test
    void retaggingKeepsTheTopicsASightingInAnotherFeedAdded() throws IOException {
        // Stories of their own (text and URLs no other test serves), seen first in an untagged feed.
        String stories = fixture("sighted-stories.xml");
        server.serve("/topics/sighted-first", stories);
        server.serve("/topics/sighted-again", stories);
        Instant before = Instant.now();
        int first = subscribe("/topics/sighted-first", List.of());
        try (TopicReader reader = reader()) {
            awaitEventsOf(reader, first, 2);
        }
        // The same URLs in a feed tagged Weather: sightings, which add the feed's topic to the stories.
        subscribe("/topics/sighted-again", List.of("Weather"));
        await().atMost(ARRIVAL).until(() -> storedItems(first).stream().filter(item -> byId(item).containsKey(WEATHER)).count() == 2);

        given().contentType(ContentType.JSON).body(retagWindow(before, first))
                .post("/api/v1/retag").then().statusCode(200)
                .body("scanned", equalTo(2)).body("changed", equalTo(0));
        for (JsonNode item : storedItems(first)) {
            assertThat(byId(item).get(WEATHER).get("source").asText()).isEqualTo("feed");
        }
        // A feed id that does not exist is refused rather than retagging nothing.
        given().contentType(ContentType.JSON).body(retagWindow(before, Integer.MAX_VALUE))
                .post("/api/v1/retag").then().statusCode(422);
    }

    private static Map<String, Object> retagWindow(Instant before, int feedId) {
        return Map.of("from", before.minusSeconds(60).toString(), "to", Instant.now().plusSeconds(60).toString(), "feedId", feedId);
    }

    /** The feed's stored items, duplicates included, once there are {@code count}. */
    private List<JsonNode> awaitStoredItems(int feedId, int count) throws IOException {
        await().atMost(ARRIVAL).until(() -> storedItems(feedId).size() >= count);
        return storedItems(feedId);
    }

    /** The feed's stored items as {@code GET /api/v1/items} shows them, duplicates included. */
    private List<JsonNode> storedItems(int feedId) throws IOException {
        List<JsonNode> items = new java.util.ArrayList<>();
        json.readTree(given().get("/api/v1/items?feedId={id}&limit=100", feedId).then().statusCode(200).extract().asString())
                .get("items").forEach(items::add);
        return items;
    }

    private static Set<String> idsAtOrAbove(JsonNode body, double minScore) {
        Set<String> ids = new java.util.TreeSet<>();
        body.get("topics").forEach(topic -> {
            if (topic.get("score").asDouble() >= minScore) {
                ids.add(topic.get("id").asText());
            }
        });
        return ids;
    }

    private static Map<String, JsonNode> byId(JsonNode body) {
        Map<String, JsonNode> topics = new HashMap<>();
        body.get("topics").forEach(topic -> topics.put(topic.get("id").asText(), topic));
        return topics;
    }

    private static String fixture(String name) throws IOException {
        try (InputStream in = TopicsPipelineTest.class.getResourceAsStream("/feeds/topics/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
