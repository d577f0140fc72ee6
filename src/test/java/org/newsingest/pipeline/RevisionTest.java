package org.newsingest.pipeline;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.newsingest.testing.FeedServer;
import org.newsingest.testing.RealEngines;
import org.newsingest.testing.TopicReader;

/** An entry whose text changes becomes a new revision of the same item, published as news.item.updated. */
@QuarkusTest
@TestProfile(RealEngines.class)
class RevisionTest {

    private static FeedServer server;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @ConfigProperty(name = "ingest.kafka-topic")
    String topic;

    @Inject
    ObjectMapper json;

    @BeforeAll
    static void start() {
        server = FeedServer.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void aCorrectedHeadlineIsAnUpdateOfTheSameItem() throws IOException {
        server.serve("/revisions", feed("Kremlin Denies Plans For Mobilization", "urn:rferl:revision-test"));
        try (TopicReader reader = new TopicReader(bootstrapServers, topic, server.url("/"))) {
            int feedId = given().contentType(ContentType.JSON)
                    .body(Map.of("url", server.url("/revisions")))
                    .post("/api/v1/feeds").then().statusCode(201).extract().path("id");
            ConsumerRecord<String, byte[]> created = awaitEventOfFeed(reader, feedId, 1).get(0);

            server.serve("/revisions", feed("Kremlin Denies Plans For New Mobilization", "urn:rferl:revision-test"));
            given().post("/api/v1/feeds/{id}/poll", feedId).then().statusCode(202);
            List<ConsumerRecord<String, byte[]>> events = awaitEventOfFeed(reader, feedId, 2);

            ConsumerRecord<String, byte[]> updated = events.get(1);
            assertThat(updated.key()).isEqualTo(created.key());
            assertThat(header(updated, "ce_type")).isEqualTo("news.item.updated");
            assertThat(header(updated, "ce_id")).isNotEqualTo(header(created, "ce_id"));
            JsonNode body = json.readTree(updated.value());
            assertThat(body.get("revision").asInt()).isEqualTo(2);
            assertThat(body.get("title").asText()).isEqualTo("Kremlin Denies Plans For New Mobilization");
            assertThat(body.get("changedFields")).extracting(JsonNode::asText).containsExactly("title");
            assertThat(updated.partition()).isEqualTo(created.partition());
            assertThat(updated.offset()).isGreaterThan(created.offset());
        }
    }

    private List<ConsumerRecord<String, byte[]>> awaitEventOfFeed(TopicReader reader, int feedId, int count) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        List<ConsumerRecord<String, byte[]>> ofFeed = List.of();
        while (ofFeed.size() < count && System.nanoTime() < deadline) {
            ofFeed = reader.drain(Duration.ofMillis(500)).stream().filter(r -> feedOf(r) == feedId).toList();
        }
        assertThat(ofFeed).hasSize(count);
        return ofFeed;
    }

    private int feedOf(ConsumerRecord<String, byte[]> record) {
        try {
            return json.readTree(record.value()).get("feed").get("id").asInt();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }

    private static String feed(String title, String guid) {
        return """
                <?xml version="1.0" encoding="utf-8"?>
                <rss version="2.0"><channel><title>Revisions</title><link>https://www.rferl.org/</link>
                  <item><title>%s</title><link>https://www.rferl.org/a/revision-test/33499999.html</link>
                    <guid isPermaLink="false">%s</guid><description>The Kremlin said on Monday...</description></item>
                </channel></rss>
                """.formatted(title, guid);
    }
}
