package org.newsingest.publish;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.net.URL;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.junit.jupiter.api.Test;
import org.newsingest.testing.PipelineTest;
import org.newsingest.testing.RealEngines;
import org.newsingest.testing.RssFeeds;
import org.newsingest.testing.TopicReader;

/**
 * The relay under producer failures of each class, routing to extra topics, and replay after
 * retention pruned the original rows, on the real broker: the producer in front of it fails
 * chosen sends on demand ({@link FaultyProducers}). The relay's tick is an hour here, so every
 * event that arrives was sent because the commit that queued it woke the relay ({@link OutboxSignal}).
 */
@QuarkusTest
@TestProfile(RelayFailuresTest.Profile.class)
class RelayFailuresTest extends PipelineTest {

    static final String ROUTED_TOPIC = "news.relay-routed";
    /** The id the routed feed's tag gets: a tag the taxonomy does not know passes through as a category. */
    static final String ROUTED_ID = "category:relay-routed";

    public static class Profile extends RealEngines {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "quarkus.arc.selected-alternatives", FaultyProducers.class.getName(),
                    "ingest.routing.routes", ROUTED_ID + "=" + ROUTED_TOPIC,
                    "ingest.relay.max-pause", "PT1S",
                    // an hour: every event here must reach Kafka because its commit woke the relay
                    "ingest.relay.tick", "1h",
                    "ingest.relay.retention", "PT1S");
        }
    }

    /** Health and metrics are served on the management interface (its URLs include the /q root path), not on the API port. */
    @TestHTTPResource(value = "/health/group/publishing", management = true)
    URL publishingHealthUrl;

    @TestHTTPResource(value = "/health/ready", management = true)
    URL readinessUrl;

    @TestHTTPResource(value = "/metrics", management = true)
    URL metricsUrl;

    @Inject
    FaultyProducers faults;

    @Inject
    KafkaProducerProvider producers;

    @Inject
    RelayHealth health;

    @Inject
    OutboxRetention retention;

    @Inject
    EntityManager entityManager;

    @Test
    void unauthorisedProducerPausesThePublishingSideAloneAndIsReplaced() {
        faults.arm(new FaultyProducers.Fault(record -> true, () -> new TopicAuthorizationException(Set.of(topic)), false));
        int producersBefore = producers.created();
        try (TopicReader reader = reader()) {
            int feedId = serveAndSubscribe("fatal", 10, List.of("relay-fatal"));
            await().atMost(ARRIVAL).until(() -> health.state() == RelayHealth.State.PAUSED_FAILED && producers.created() > producersBefore + 1);
            given().get(publishingHealthUrl).then().statusCode(503);
            given().get(readinessUrl).then().statusCode(200);
            given().get(metricsUrl).then().statusCode(200).body(org.hamcrest.Matchers.containsString("kafka_producer_"));
            long waited = System.nanoTime();
            await().pollDelay(Duration.ofSeconds(3)).until(() -> true);
            // No spin: the relay pauses between attempts instead of walking its backlog row by row.
            int failedSends = faults.failedSends();
            long seconds = Duration.ofNanos(System.nanoTime() - waited).toSeconds();
            assertThat(OutboxRows.statuses(entityManager, feedId)).containsOnlyKeys("pending");
            assertThat(faults.failedSends() - failedSends).as("failed sends in %d s of pausing", seconds).isLessThanOrEqualTo(2 * (int) seconds + 2);

            faults.heal();
            awaitEventsOf(reader, feedId, 10);
            await().atMost(ARRIVAL).until(() -> health.state() == RelayHealth.State.RUNNING);
            given().get(publishingHealthUrl).then().statusCode(200);
            assertThat(OutboxRows.statuses(entityManager, feedId)).isEqualTo(Map.of("sent", 10L));
            given().get(metricsUrl).then().statusCode(200)
                    .body(org.hamcrest.Matchers.containsString("kafka_producer_"))
                    .body(org.hamcrest.Matchers.containsString("ingest_event_freshness_seconds_bucket"))
                    .body(org.hamcrest.Matchers.containsString("ingest_relay_state"));
        } finally {
            faults.heal();
        }
    }

    @Test
    void closedProducerIsReplacedAndNothingDies() {
        int producersBefore = producers.created();
        // a closed producer throws from send(); only the first send fails
        AtomicReference<Boolean> once = new AtomicReference<>(true);
        faults.arm(new FaultyProducers.Fault(record -> once.getAndSet(false),
                () -> new IllegalStateException("Cannot perform operation after producer has been closed"), true));
        try (TopicReader reader = reader()) {
            int feedId = serveAndSubscribe("closed", 10, List.of("relay-closed"));
            awaitEventsOf(reader, feedId, 10);
            assertThat(producers.created()).isGreaterThan(producersBefore);
            assertThat(OutboxRows.statuses(entityManager, feedId)).isEqualTo(Map.of("sent", 10L));
        } finally {
            faults.heal();
        }
    }

    @Test
    void recordRefusedForGoodDiesAloneAndTheOthersFlow() {
        AtomicReference<String> victim = new AtomicReference<>();
        faults.arm(new FaultyProducers.Fault(record -> OutboxRows.isOf(record, "/relay/too-large")
                && victim.compareAndSet(null, record.key()) || record.key().equals(victim.get()),
                () -> new RecordTooLargeException("the record is too large"), false));
        try (TopicReader reader = reader()) {
            int feedId = serveAndSubscribe("too-large", 10, List.of("relay-too-large"));
            awaitEventsOf(reader, feedId, 9);
            await().atMost(ARRIVAL).until(() -> OutboxRows.statuses(entityManager, feedId).equals(Map.of("sent", 9L, "dead", 1L)));
            assertThat(reader.drain(Duration.ofSeconds(1)).stream().map(ConsumerRecord::key)).doesNotContain(victim.get());
        } finally {
            faults.heal();
        }
    }

    @Test
    void routedTopicIdsAlsoGoToTheirTopicWithTheSameKeyAndId() {
        try (TopicReader main = reader(); TopicReader routed = new TopicReader(bootstrapServers, ROUTED_TOPIC, server.url("/"))) {
            int routedFeed = serveAndSubscribe("routed", 8, List.of("relay-routed"));
            int plainFeed = serveAndSubscribe("plain", 4, List.of("relay-plain"));
            List<ConsumerRecord<String, byte[]>> onMain = awaitEventsOf(main, routedFeed, 8);
            awaitEventsOf(main, plainFeed, 4);
            List<ConsumerRecord<String, byte[]>> onRouted = routed.awaitTotal(8, ARRIVAL);
            assertThat(routed.drain(Duration.ofSeconds(2))).hasSize(8); // the plain feed's events stay off it
            assertThat(keysAndIds(onRouted)).isEqualTo(keysAndIds(onMain));
            assertThat(onRouted).allSatisfy(r -> assertThat(header(r, "news_topics").split(",")).contains(ROUTED_ID));
        }
    }

    @Test
    void replayRebuildsPrunedEventsFromTheItemStoreWithTheirIds() {
        try (TopicReader reader = reader()) {
            int feedId = serveAndSubscribe("pruned", 6, List.of("relay-pruned"));
            Map<String, String> original = keysAndIds(awaitEventsOf(reader, feedId, 6));
            await().pollDelay(Duration.ofMillis(1500)).until(() -> true); // past the 1 s retention
            while (retention.pruneBatch() == OutboxRetention.BATCH) {
                // bounded batches until the old rows are gone
            }
            assertThat(OutboxRows.statuses(entityManager, feedId)).isEmpty();

            int replay = given().contentType("application/json")
                    .body(Map.of("from", "2000-01-01T00:00:00Z", "to", Instant.now().plusSeconds(60).toString(), "feedId", feedId))
                    .post("/api/v1/replay").then().statusCode(202).extract().path("id");
            await().atMost(ARRIVAL).until(() -> "done".equals(given().get("/api/v1/replay/{id}", replay).path("state")));
            List<ConsumerRecord<String, byte[]>> all = awaitEventsOf(reader, feedId, 12);
            Map<String, String> replayed = keysAndIds(all.subList(6, 12));
            assertThat(replayed).isEqualTo(original);
            assertThat(all.subList(6, 12)).allSatisfy(r -> assertThat(body(r).get("title").asText()).startsWith("pruned story"));
        }
    }

    private int serveAndSubscribe(String name, int stories, List<String> tags) {
        server.serve("/relay/" + name, rss(name, stories));
        return subscribe("/relay/" + name, tags);
    }

    /** A feed of stories no other test has: their own links and texts, so dedupe keeps them apart. */
    private static String rss(String name, int stories) {
        List<String> items = new ArrayList<>();
        for (int i = 0; i < stories; i++) {
            items.add("<item><title>%s story %d about the relay's %s case</title><link>https://relay-%s.example/story/%d</link>"
                    .formatted(name, i, name, name, i)
                    + "<guid>relay-%s-%d</guid><description>Body %d of the %s feed, written for this case only: %s.</description></item>"
                            .formatted(name, i, i, name, "x".repeat(i + 1)));
        }
        return RssFeeds.channel("relay " + name).link("https://relay-" + name + ".example/").description("test").items(items).xml();
    }

    private static Map<String, String> keysAndIds(List<ConsumerRecord<String, byte[]>> records) {
        return records.stream().collect(Collectors.toMap(ConsumerRecord::key, r -> header(r, "ce_id")));
    }
}
