package org.newsingest.tag;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
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
            int digest = subscribe("/topics/digest", List.of());
            ConsumerRecord<String, byte[]> copy = awaitEventsOf(reader, digest, 1).get(0);

            for (ConsumerRecord<String, byte[]> record : List.of(original, copy)) {
                EventChecks.assertValid(record);
                Set<String> header = Set.of(header(record, "news_topics").split(","));
                assertThat(header).containsAll(BERLIN).doesNotContainAnyElementsOf(OFF_TOPIC);
                assertThat(header).isEqualTo(idsAtOrAbove(body(record), minScore));
            }
            Map<String, JsonNode> fromCategories = byId(body(original));
            // The category adds to what the text says; a category the taxonomy does not know passes through.
            assertThat(fromCategories.get("beat:russia-ukraine-war").get("score").asDouble()).isGreaterThanOrEqualTo(TopicTagger.CATEGORY_SCORE);
            assertThat(fromCategories.get("category:newsline").get("source").asText()).isEqualTo("category");
            assertThat(fromCategories.get("category:newsline").get("label").asText()).isEqualTo("Newsline");
            assertThat(fromCategories.get("geo:DE").get("source").asText()).isEqualTo("geo");
            assertThat(fromCategories.get("geo:DE").get("labelEn").asText()).isEqualTo("Germany");
            Map<String, JsonNode> fromText = byId(body(copy));
            assertThat(fromText.get("geo:UA").get("source").asText()).isEqualTo("geo");
            assertThat(fromText.get("beat:peace-talks").get("source").asText()).isEqualTo("rule");
        }
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
        given().get("/api/v1/topics").then().statusCode(200)
                .body("find { it.id == 'geo:UA' }.labels.uk", equalTo("Україна"))
                .body("find { it.id == 'geo:UA' }.items", greaterThanOrEqualTo(2))
                .body("id", hasItem("mediatopic:17000000"));
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
                    .body(Map.of("from", before.minusSeconds(60).toString(), "to", Instant.now().plusSeconds(60).toString()))
                    .post("/api/v1/retag").then().statusCode(200)
                    .body("scanned", greaterThanOrEqualTo(2)).body("changed", equalTo(0));
            // The feed now carries a tag: its items' topics change, so they are revised and republished.
            given().contentType(ContentType.JSON).body(Map.of("tags", List.of("Weather")))
                    .patch("/api/v1/feeds/{id}", feed).then().statusCode(200);
            given().contentType(ContentType.JSON)
                    .body(Map.of("from", before.minusSeconds(60).toString(), "to", Instant.now().plusSeconds(60).toString()))
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
