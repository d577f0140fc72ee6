package org.newsingest.examples;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.newsingest.testing.EventChecks;
import org.newsingest.testing.PipelineTest;
import org.newsingest.testing.RealEngines;
import org.newsingest.testing.RssFeeds;
import org.newsingest.testing.TopicReader;

/**
 * The consumer example against the running service and the embedded broker: real events, a real
 * update, a replay (re-sends with the same ce_id) and a stale revision arriving last.
 */
@QuarkusTest
@TestProfile(RealEngines.class)
class LatestRevisionConsumerTest extends PipelineTest {

    @Test
    void keepsTheHighestRevisionAndDropsResendsAndStaleEvents() throws Exception {
        server.serve("/consumer", feed("Parliament Passes Budget"));
        ProducerRecord<String, byte[]> staleCopy;
        String corrected;
        String other;
        try (TopicReader reader = reader()) {
            int feedId = subscribe("/consumer", List.of());
            List<ConsumerRecord<String, byte[]>> created = awaitEventsOf(reader, feedId, 2);
            corrected = created.stream().filter(r -> body(r).get("title").asText().startsWith("Parliament")).findFirst().orElseThrow().key();
            other = created.stream().map(ConsumerRecord::key).filter(key -> !key.equals(corrected)).findFirst().orElseThrow();

            // The operator's counters: two new items today, from this feed.
            given().get("/api/v1/feeds/{id}", feedId).then().statusCode(200)
                    .body("itemsLast24h", equalTo(2)).body("lastNewItemAt", notNullValue());

            server.serve("/consumer", feed("Parliament Passes Amended Budget"));
            given().post("/api/v1/feeds/{id}/poll", feedId).then().statusCode(202);
            awaitEventsOf(reader, feedId, 3);

            given().contentType(ContentType.JSON)
                    .body(Map.of("from", Instant.EPOCH.toString(), "to", Instant.now().plusSeconds(3600).toString(), "feedId", feedId))
                    .post("/api/v1/replay").then().statusCode(202);
            List<ConsumerRecord<String, byte[]>> all = awaitEventsOf(reader, feedId, 5);
            all.forEach(EventChecks::assertValid);

            // Revision 1 of the corrected item once more, under a new event id, after revision 2.
            ConsumerRecord<String, byte[]> first = created.stream().filter(r -> r.key().equals(corrected)).findFirst().orElseThrow();
            staleCopy = new ProducerRecord<>(topic, first.key(), first.value());
            first.headers().forEach(h -> staleCopy.headers().add(h.key(), h.key().equals("ce_id")
                    ? UUID.randomUUID().toString().getBytes(StandardCharsets.UTF_8) : h.value()));
        }
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers),
                new StringSerializer(), new ByteArraySerializer())) {
            producer.send(staleCopy).get();
        }

        try (LatestRevisionConsumer consumer = new LatestRevisionConsumer(bootstrapServers, topic, "example-test-" + UUID.randomUUID())) {
            long deadline = System.nanoTime() + ARRIVAL.toNanos();
            while (System.nanoTime() < deadline && !(consumer.duplicates() >= 2 && consumer.stale() >= 1 && revision(consumer, corrected) == 2)) {
                consumer.poll(Duration.ofMillis(500));
            }
            JsonNode latest = consumer.latest().get(corrected);
            assertThat(latest.get("revision").asInt()).isEqualTo(2);
            assertThat(latest.get("title").asText()).isEqualTo("Parliament Passes Amended Budget");
            assertThat(consumer.latest().get(other).get("revision").asInt()).isEqualTo(1);
            // The replay re-sent both items' latest events with their original ids.
            assertThat(consumer.duplicates()).isGreaterThanOrEqualTo(2);
            assertThat(consumer.stale()).isGreaterThanOrEqualTo(1);
        }
    }

    @Test
    void theAsyncApiDocumentDescribesTheConfiguredTopic() throws Exception {
        String document = given().get("/api/v1/asyncapi").then().statusCode(200).extract().asString();
        JsonNode asyncApi = new YAMLMapper().readTree(document);
        assertThat(asyncApi.get("asyncapi").asText()).startsWith("3.");
        assertThat(asyncApi.at("/channels/newsItems/address").asText()).isEqualTo(topic);
        JsonNode headers = asyncApi.at("/components/messages/itemEvent/headers/properties");
        assertThat(headers.has("ce_id") && headers.has("ce_dataschema") && headers.has("ce_newstopics") && headers.has("news_topics")).isTrue();
        assertThat(asyncApi.at("/components/messages/itemEvent/payload/schema/$ref").asText()).isEqualTo("schema");
    }

    private static int revision(LatestRevisionConsumer consumer, String item) {
        JsonNode event = consumer.latest().get(item);
        return event == null ? 0 : event.get("revision").asInt();
    }

    private static String feed(String firstTitle) {
        return RssFeeds.channel("Consumer example").link("https://www.rferl.org/").items(List.of(
                RssFeeds.rssItem("urn:rferl:consumer-example-1", "https://www.rferl.org/a/consumer-example/33488801.html", firstTitle,
                        "Lawmakers voted on Tuesday...", null),
                RssFeeds.rssItem("urn:rferl:consumer-example-2", "https://www.rferl.org/a/consumer-example/33488802.html", "Floods Close Mountain Roads",
                        "Heavy rain cut off villages...", null))).xml();
    }
}
