package org.newsingest.publish;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.newsingest.testing.EventChecks;
import org.newsingest.testing.FeedServer;
import org.newsingest.testing.RealEngines;
import org.newsingest.testing.TopicReader;

/** The contract as files, replay with original ids, and a row Kafka refuses for good. */
@QuarkusTest
@TestProfile(RealEngines.class)
class DeliveryApiTest {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @ConfigProperty(name = "ingest.kafka-topic")
    String topic;

    @Inject
    EntityManager entityManager;

    @Test
    void schemaIsServedAsInTheRepository() throws IOException {
        byte[] served = given().get("/api/v1/schema").then().statusCode(200)
                .contentType("application/schema+json").extract().asByteArray();
        assertThat(served).isEqualTo(Files.readAllBytes(Path.of("src/main/resources/schema/item-event.schema.json")));
    }

    @Test
    void replayResendsLatestEventsWithOriginalIdsAndTooLargeRowsDieAlone() throws IOException {
        try (FeedServer server = FeedServer.start(); TopicReader reader = new TopicReader(bootstrapServers, topic)) {
            // other test classes share the database: new URLs, so these are new stories
            server.serve("/replay/feed", fixture("rferl-ukraine-20.xml").replace("https://www.rferl.org/", "https://replay.example/"));
            int feedId = given().contentType(ContentType.JSON).body(Map.of("url", server.url("/replay/feed"), "tags", List.of("replay-test")))
                    .post("/api/v1/feeds").then().statusCode(201).extract().path("id");
            await().atMost(Duration.ofSeconds(60)).until(() -> ids(reader.drain(Duration.ofMillis(500)), feedId).size() == 20);
            Set<String> original = ids(reader.drain(Duration.ofMillis(200)), feedId);

            int replayId = given().contentType(ContentType.JSON)
                    .body(Map.of("from", "2000-01-01T00:00:00Z", "to", Instant.now().plusSeconds(60).toString(), "feedId", feedId))
                    .post("/api/v1/replay").then().statusCode(202)
                    .body("total", equalTo(20)).extract().path("id");
            await().atMost(Duration.ofSeconds(60)).until(() -> "done".equals(given().get("/api/v1/replay/{id}", replayId).path("state")));
            given().get("/api/v1/replay/{id}", replayId).then().body("sent", equalTo(20)).body("pending", equalTo(0));

            List<ConsumerRecord<String, byte[]>> all = reader.drain(Duration.ofSeconds(2));
            List<ConsumerRecord<String, byte[]>> ofFeed = all.stream().filter(r -> feedOf(r) == feedId).toList();
            ofFeed.forEach(EventChecks::assertValid);
            assertThat(ofFeed).hasSize(40);
            assertThat(ids(all, feedId)).isEqualTo(original); // the same ce_ids, nothing new

            // A row Kafka refuses (2 MB > max.request.size) becomes dead and is never on the topic;
            // a later replay skips that item (its latest event is dead) and sends the others.
            UUID tooLarge = insertTooLargeEvent(feedId);
            await().atMost(Duration.ofSeconds(30)).until(() -> status(tooLarge).equals("dead"));
            given().contentType(ContentType.JSON)
                    .body(Map.of("from", "2000-01-01T00:00:00Z", "to", Instant.now().plusSeconds(60).toString(), "topic", "category:replay-test"))
                    .post("/api/v1/replay").then().statusCode(202).body("total", equalTo(19));
            List<ConsumerRecord<String, byte[]>> after = reader.awaitTotal(all.size() + 19, Duration.ofSeconds(60));
            assertThat(after).hasSize(all.size() + 19);
            assertThat(after.stream().map(r -> EventChecks.headers(r).get("ce_id"))).doesNotContain(tooLarge.toString());

            given().delete("/api/v1/replay/{id}", replayId).then().statusCode(200).body("state", equalTo("done"));
            given().get("/api/v1/replay/999999").then().statusCode(404);
            given().contentType(ContentType.JSON).body(Map.of("from", "2030-01-01T00:00:00Z", "to", "2020-01-01T00:00:00Z"))
                    .post("/api/v1/replay").then().statusCode(422);
        }
    }

    @Transactional
    UUID insertTooLargeEvent(int feedId) {
        UUID eventId = UUID.randomUUID();
        entityManager.createNativeQuery("""
                INSERT INTO outbox_event (event_id, item_id, event_type, source, subject, topics, payload)
                SELECT :event, i.id, 'news.item.updated', 'http://example.test/feed', i.id::text, 'replay-test', repeat('x', 2000000)
                FROM item i WHERE i.feed_id = :feed ORDER BY i.first_seen_at LIMIT 1
                """).setParameter("event", eventId).setParameter("feed", feedId).executeUpdate();
        return eventId;
    }

    @Transactional
    String status(UUID eventId) {
        return (String) entityManager.createNativeQuery("SELECT status FROM outbox_event WHERE event_id = :id")
                .setParameter("id", eventId).getSingleResult();
    }

    private static Set<String> ids(List<ConsumerRecord<String, byte[]>> records, int feedId) {
        return records.stream().filter(r -> feedOf(r) == feedId)
                .map(r -> EventChecks.headers(r).get("ce_id")).collect(Collectors.toSet());
    }

    private static int feedOf(ConsumerRecord<String, byte[]> record) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().readTree(record.value()).path("feed").path("id").asInt();
        } catch (IOException e) {
            return -1;
        }
    }

    private static String fixture(String name) throws IOException {
        try (InputStream in = DeliveryApiTest.class.getResourceAsStream("/feeds/" + name)) {
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
    }
}
