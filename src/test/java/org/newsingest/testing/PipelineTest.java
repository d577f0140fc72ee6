package org.newsingest.testing;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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

/**
 * Shared setup of the {@code @QuarkusTest}s that drive feeds through the running service: a feed
 * server of the test class's own, subscriptions through the API, and a real consumer of the topic.
 */
public abstract class PipelineTest {

    protected static final Duration ARRIVAL = Duration.ofSeconds(60);
    protected static FeedServer server;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    protected String bootstrapServers;

    @ConfigProperty(name = "ingest.kafka-topic")
    protected String topic;

    @Inject
    protected ObjectMapper json;

    @BeforeAll
    static void startFeedServer() {
        server = FeedServer.start();
    }

    @AfterAll
    static void stopFeedServer() {
        server.close();
    }

    /** A consumer of the topic that sees only the events of this class's feeds. */
    protected TopicReader reader() {
        return new TopicReader(bootstrapServers, topic, server.url("/"));
    }

    protected static int subscribe(String path, List<String> tags) {
        return given().contentType(ContentType.JSON)
                .body(Map.of("url", server.url(path), "tags", tags))
                .post("/api/v1/feeds")
                .then().statusCode(201)
                .extract().path("id");
    }

    /** Waits until exactly {@code count} events of the feed have arrived, and returns them in order. */
    protected List<ConsumerRecord<String, byte[]>> awaitEventsOf(TopicReader reader, int feedId, int count) {
        long deadline = System.nanoTime() + ARRIVAL.toNanos();
        List<ConsumerRecord<String, byte[]>> ofFeed = List.of();
        while (ofFeed.size() < count && System.nanoTime() < deadline) {
            ofFeed = reader.drain(Duration.ofMillis(500)).stream().filter(r -> body(r).get("feed").get("id").asInt() == feedId).toList();
        }
        assertThat(ofFeed).hasSize(count);
        return ofFeed;
    }

    protected JsonNode body(ConsumerRecord<String, byte[]> record) {
        try {
            return json.readTree(record.value());
        } catch (IOException e) {
            throw new AssertionError("record body is not JSON", e);
        }
    }

    protected static String header(ConsumerRecord<String, byte[]> record, String name) {
        return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }
}
