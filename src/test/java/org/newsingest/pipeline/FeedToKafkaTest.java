package org.newsingest.pipeline;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.newsingest.testing.EventChecks;
import org.newsingest.testing.PipelineTest;
import org.newsingest.testing.RealEngines;
import org.newsingest.testing.TopicReader;

/**
 * The whole path on real engines: a feed served locally, subscribed through the API, polled,
 * stored in PostgreSQL and read back from Kafka by a real consumer.
 */
@QuarkusTest
@TestProfile(RealEngines.class)
class FeedToKafkaTest extends PipelineTest {

    @ConfigProperty(name = "ingest.topics.min-score")
    double minTopicScore;

    @Test
    void feedBecomesOneEventPerStoryAndRepollsPublishNothingTwice() throws IOException {
        server.serve("/rferl/ukraine", fixture("rferl-ukraine-20.xml"));
        String feedUrl = server.url("/rferl/ukraine");

        try (TopicReader reader = reader()) {
            int feedId = subscribe("/rferl/ukraine", List.of("RFE/RL", "Ukraine"));

            List<ConsumerRecord<String, byte[]>> first = reader.awaitTotal(20, ARRIVAL);
            assertThat(first).hasSize(20);
            assertThat(first.stream().map(ConsumerRecord::key).collect(Collectors.toSet())).hasSize(20);
            for (ConsumerRecord<String, byte[]> record : first) {
                assertCreatedEvent(record, feedUrl, feedId);
            }
            Set<String> titles = first.stream().map(r -> body(r).get("title").asText()).collect(Collectors.toSet());
            assertThat(titles).contains("Санкции ЕС: новый пакет согласован", "Moldova Prepares For Winter Gas Shortfall");

            // The same document again: the server answers 304, nothing new may be published.
            int fetchesBefore = fetchCount(feedId);
            pollNow(feedId);
            await().atMost(ARRIVAL).until(() -> fetchCount(feedId) > fetchesBefore);
            given().get("/api/v1/feeds/{id}/fetches", feedId).then().body("[0].outcome", equalTo("not_modified"));
            assertThat(reader.drain(Duration.ofSeconds(3))).hasSize(20);

            // Two stories added: exactly two new records.
            server.serve("/rferl/ukraine", fixture("rferl-ukraine-22.xml"));
            pollNow(feedId);
            List<ConsumerRecord<String, byte[]>> afterUpdate = reader.awaitTotal(22, ARRIVAL);
            assertThat(reader.drain(Duration.ofSeconds(3))).hasSize(22);
            Set<String> newTitles = afterUpdate.subList(20, 22).stream().map(r -> body(r).get("url").asText()).collect(Collectors.toSet());
            assertThat(newTitles).containsExactlyInAnyOrder(
                    "https://www.rferl.org/a/story-20/33400020.html", "https://www.rferl.org/a/story-21/33400021.html");

            // Another outlet republishes story 14 under its canonical URL plus tracking parameters:
            // a sighting of the stored item, no second created event; its own story is new. The copy's
            // text names places the original's topics lack, so the story's topics grow: one updated
            // event of story 14 (revision 2, changedFields ["topics"]), nothing else.
            String republishedId = afterUpdate.stream()
                    .filter(r -> body(r).get("url").asText().endsWith("/33400014.html"))
                    .findFirst().orElseThrow().key();
            server.serve("/partner/feed", fixture("partner-republished.xml"));
            int partnerId = subscribe("/partner/feed", List.of());
            List<ConsumerRecord<String, byte[]>> withPartner = reader.awaitTotal(24, ARRIVAL);
            assertThat(reader.drain(Duration.ofSeconds(3))).hasSize(24);
            withPartner.forEach(EventChecks::assertValid);
            List<ConsumerRecord<String, byte[]>> partnerEvents = withPartner.subList(22, 24);
            List<JsonNode> created = partnerEvents.stream().filter(r -> header(r, "ce_type").equals("news.item.created")).map(this::body).toList();
            assertThat(created).hasSize(1);
            assertThat(created.get(0).get("url").asText()).isEqualTo("https://partner.example/news/own-story-1");
            assertThat(created.get(0).get("feed").get("id").asInt()).isEqualTo(partnerId);
            ConsumerRecord<String, byte[]> grown = partnerEvents.stream().filter(r -> header(r, "ce_type").equals("news.item.updated")).findFirst().orElseThrow();
            assertThat(grown.key()).isEqualTo(republishedId);
            assertThat(body(grown).get("revision").asInt()).isEqualTo(2);
            assertThat(body(grown).get("changedFields").toString()).isEqualTo("[\"topics\"]");

            given().get("/api/v1/items/{id}", republishedId).then()
                    .statusCode(200)
                    .body("lineage.size()", equalTo(2))
                    .body("lineage[1].feedId", equalTo(partnerId))
                    .body("lineage[1].matchReason", equalTo("canonical_url"));
            given().get("/api/v1/feeds/{id}", partnerId).then().body("itemCount", equalTo(2));
            given().get("/api/v1/feeds/{id}", feedId).then().body("itemCount", equalTo(22)).body("state", equalTo("active"));
        }
    }

    private void assertCreatedEvent(ConsumerRecord<String, byte[]> record, String feedUrl, int feedId) {
        EventChecks.assertValid(record);
        Map<String, String> headers = headers(record);
        assertThat(headers).containsEntry("ce_specversion", "1.0")
                .containsEntry("ce_type", "news.item.created")
                .containsEntry("ce_source", feedUrl)
                .containsEntry("ce_subject", record.key())
                .containsEntry("content-type", "application/json")
                .containsKeys("ce_id", "ce_time", "news_topics");
        // Feed tags apply to every item: "Ukraine" is a taxonomy synonym, "RFE/RL" is not.
        assertThat(headers.get("news_topics").split(",")).contains("geo:UA", "category:rfe-rl");

        JsonNode body = body(record);
        assertThat(body.get("itemId").asText()).isEqualTo(record.key());
        assertThat(body.get("storyId").asText()).isEqualTo(record.key());
        assertThat(body.get("revision").asInt()).isEqualTo(1);
        assertThat(body.get("feed").get("id").asInt()).isEqualTo(feedId);
        assertThat(body.get("feed").get("url").asText()).isEqualTo(feedUrl);
        assertThat(body.get("url").asText()).startsWith("https://www.rferl.org/a/story-");
        assertThat(body.get("canonicalUrl").asText()).isEqualTo(body.get("url").asText());
        assertThat(body.get("guid").asText()).startsWith("https://www.rferl.org/a/");
        assertThat(body.get("title").asText()).isNotBlank().doesNotEndWith(" ");
        assertThat(body.get("summary").asText()).contains("Report number").contains("&").doesNotContain("<p>");
        assertThat(body.get("publishedAt").asText()).startsWith("2026-11-28T");
        assertThat(body.get("language").asText()).isEqualTo("en");
        assertThat(body.get("firstSeenAt").asText()).isNotBlank();
        assertThat(body.get("categories")).hasSize(1);
        assertThat(body.get("enclosures").get(0).get("type").asText()).isEqualTo("image/jpeg");
        Set<String> topicIds = new HashSet<>();
        Set<String> headerIds = new HashSet<>();
        body.get("topics").forEach(t -> {
            topicIds.add(t.get("id").asText());
            if (t.get("score").asDouble() >= minTopicScore) {
                headerIds.add(t.get("id").asText());
            }
        });
        assertThat(topicIds).contains("geo:UA", "category:rfe-rl");
        assertThat(Set.of(headers.get("news_topics").split(","))).isEqualTo(headerIds);
    }


    private static void pollNow(int feedId) {
        given().post("/api/v1/feeds/{id}/poll", feedId).then().statusCode(202);
    }

    private static int fetchCount(int feedId) {
        return given().get("/api/v1/feeds/{id}/fetches", feedId).then().statusCode(200).extract().path("size()");
    }


    private static Map<String, String> headers(ConsumerRecord<String, byte[]> record) {
        Map<String, String> headers = new HashMap<>();
        for (Header header : record.headers()) {
            headers.put(header.key(), new String(header.value(), StandardCharsets.UTF_8));
        }
        return headers;
    }

    private static String fixture(String name) throws IOException {
        try (InputStream in = FeedToKafkaTest.class.getResourceAsStream("/feeds/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
