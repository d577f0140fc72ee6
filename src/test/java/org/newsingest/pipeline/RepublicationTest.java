package org.newsingest.pipeline;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.io.IOException;
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

/**
 * The same story republished by another outlet under its own URL, with a credit line added, is
 * a sighting of the stored item: no second created event.
 */
@QuarkusTest
@TestProfile(RealEngines.class)
class RepublicationTest {

    private static final String STORY = """
            Ukrainian officials said on Monday that air-defense units shot down most of the drones launched \
            overnight at the Kyiv region, while debris damaged several residential buildings in the capital's \
            outskirts. Emergency services reported no deaths but said four people were treated for injuries. \
            The attack came hours after talks in Brussels on additional air-defense systems for Ukraine, where \
            European ministers promised to speed up deliveries before the winter. Energy company officials said \
            repairs to damaged substations would take several days and asked residents to limit consumption \
            during the evening peak hours.""";
    private static final String OWN_STORY = """
            The city council of Lviv approved a plan on Tuesday to convert two disused factories into housing \
            for families displaced from the east, with the first apartments expected to be ready next autumn. \
            Council members said the project would be financed by a mix of municipal bonds and grants from \
            European partners, and that local firms would get priority in the construction tenders. Residents \
            of the neighborhood asked for a new school and a clinic to be included in the plan, and the mayor \
            promised a public hearing on the design in January.""";

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
    void aCopyUnderAnotherUrlIsASightingNotANewStory() {
        server.serve("/original", rss(item("https://www.rferl.org/a/drones-kyiv/33477001.html", "Drones Downed Over Kyiv Region", STORY)));
        server.serve("/aggregator", rss(
                item("https://radiofree.example/2026/11/drones-downed-over-kyiv", "Drones Downed Over Kyiv Region",
                        STORY + " This post was originally published on Radio Free. Copyright (c) 2026 RFE/RL, Inc."),
                item("https://radiofree.example/2026/11/lviv-housing", "Lviv To Turn Factories Into Housing", OWN_STORY)));

        try (TopicReader reader = new TopicReader(bootstrapServers, topic, server.url("/"))) {
            int originalFeed = subscribe("/original");
            String originalItem = awaitEventsOf(reader, originalFeed, 1).get(0).key();

            int aggregatorFeed = subscribe("/aggregator");
            List<ConsumerRecord<String, byte[]>> aggregatorEvents = awaitEventsOf(reader, aggregatorFeed, 1);
            assertThat(reader.drain(Duration.ofSeconds(3)).stream().filter(r -> feedOf(r) == aggregatorFeed)).hasSize(1);
            assertThat(url(aggregatorEvents.get(0))).isEqualTo("https://radiofree.example/2026/11/lviv-housing");

            given().get("/api/v1/items/{id}", originalItem).then().statusCode(200)
                    .body("lineage.size()", equalTo(2))
                    .body("lineage[1].feedId", equalTo(aggregatorFeed))
                    .body("lineage[1].url", equalTo("https://radiofree.example/2026/11/drones-downed-over-kyiv"))
                    .body("lineage[1].matchReason", equalTo("content_similarity"));
        }
    }

    private int subscribe(String path) {
        return given().contentType(ContentType.JSON).body(Map.of("url", server.url(path)))
                .post("/api/v1/feeds").then().statusCode(201).extract().path("id");
    }

    private List<ConsumerRecord<String, byte[]>> awaitEventsOf(TopicReader reader, int feedId, int count) {
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

    private String url(ConsumerRecord<String, byte[]> record) {
        try {
            return json.readTree(record.value()).get("url").asText();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static String item(String link, String title, String text) {
        return "<item><title>%s</title><link>%s</link><description>%s</description></item>".formatted(title, link, text);
    }

    private static String rss(String... items) {
        return "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>t</title><link>https://example.org/</link>"
                + String.join("", items) + "</channel></rss>";
    }
}
