package org.newsingest.publish;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.net.URL;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.Test;
import org.newsingest.testing.PipelineTest;
import org.newsingest.testing.RealEngines;
import org.newsingest.testing.RssFeeds;
import org.newsingest.testing.TopicReader;

/**
 * The relay's failures that must stay small, on the real broker and database: a routed topic
 * that refuses its records, a send() that blocks past the lease, and a backlog of large events.
 */
@QuarkusTest
@TestProfile(RelayIsolationTest.Profile.class)
class RelayIsolationTest extends PipelineTest {

    static final String DENIED_TOPIC = "news.relay-denied";
    static final Duration LEASE = Duration.ofSeconds(7);
    static final int MAX_BATCH_BYTES = 20_000;

    public static class Profile extends RealEngines {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "quarkus.arc.selected-alternatives", FaultyProducers.class.getName(),
                    "ingest.routing.routes", "category:relay-denied=" + DENIED_TOPIC,
                    // the shortest lease the producer settings allow: longer than max.block.ms + 5 s
                    "kafka.max.block.ms", "1000",
                    "ingest.relay.lease", LEASE.toString(),
                    "ingest.relay.max-batch-bytes", Integer.toString(MAX_BATCH_BYTES),
                    "ingest.relay.max-pause", "PT1S");
        }
    }

    @TestHTTPResource(value = "/metrics", management = true)
    URL metricsUrl;

    @Inject
    FaultyProducers faults;

    @Inject
    RelayHealth health;

    @Inject
    EntityManager entityManager;

    @Test
    void aRoutedTopicThatRefusesItsRecordsParksThemAndTheMainTopicKeepsFlowing() {
        faults.arm(new FaultyProducers.Fault(record -> record.topic().equals(DENIED_TOPIC),
                () -> new TopicAuthorizationException(Set.of(DENIED_TOPIC)), false));
        try (TopicReader reader = reader()) {
            int denied = serveAndSubscribe("denied", 5, 200, List.of("relay-denied"));
            int plain = serveAndSubscribe("behind", 5, 200, List.of("relay-behind"));
            awaitEventsOf(reader, denied, 5);
            awaitEventsOf(reader, plain, 5);
            await().atMost(ARRIVAL).until(() -> OutboxRows.statuses(entityManager, denied).equals(Map.of("parked", 5L)) && OutboxRows.statuses(entityManager, plain).equals(Map.of("sent", 5L)));
            assertThat(lastErrors(denied)).allSatisfy(error -> assertThat(error).contains(DENIED_TOPIC));
            assertThat(health.state()).isEqualTo(RelayHealth.State.RUNNING);
            given().get(metricsUrl).then().statusCode(200)
                    .body(Matchers.containsString("ingest_outbox_parked_total{topic=\"" + DENIED_TOPIC + "\"}"));
        } finally {
            faults.heal();
        }
    }

    @Test
    void aSendBlockedLongerThanTheLeaseKeepsItsRowsFromOtherClaimers() {
        faults.stall(record -> OutboxRows.isOf(record, "/relay/stalled"));
        try (TopicReader reader = reader()) {
            int feedId = serveAndSubscribe("stalled", 3, 200, List.of("relay-stalled"));
            await().atMost(ARRIVAL).until(() -> faults.stalledSends() > 0);
            // no row of the batch becomes claimable by another replica while its send() is blocked
            await().during(LEASE.plusSeconds(3)).atMost(LEASE.plusSeconds(20)).until(() -> claimable(feedId) == 0);
            faults.endStall();
            awaitEventsOf(reader, feedId, 3);
            await().atMost(ARRIVAL).until(() -> OutboxRows.statuses(entityManager, feedId).equals(Map.of("sent", 3L)));
        } finally {
            faults.endStall();
        }
    }

    @Test
    void aClaimHoldsNoMorePayloadThanTheByteCap() {
        try (TopicReader reader = reader()) {
            // ten events of about 6 kB each, queued by one poll: one claim would take all 60 kB
            int feedId = serveAndSubscribe("bulky", 10, 6_000, List.of("relay-bulky"));
            awaitEventsOf(reader, feedId, 10);
            await().atMost(ARRIVAL).until(() -> OutboxRows.statuses(entityManager, feedId).equals(Map.of("sent", 10L)));
            // one batch's rows are marked sent by one statement, so they share their sent_at
            List<long[]> batches = batches(feedId);
            assertThat(batches).allSatisfy(batch -> assertThat(batch[0] == 1 || batch[1] <= MAX_BATCH_BYTES)
                    .as("a batch of %d rows with %d payload bytes", batch[0], batch[1]).isTrue());
            assertThat(batches).hasSizeGreaterThanOrEqualTo(3);
        }
    }

    private int serveAndSubscribe(String name, int stories, int bodyChars, List<String> tags) {
        List<String> items = new ArrayList<>();
        for (int i = 0; i < stories; i++) {
            items.add("<item><title>%s story %d of the relay's isolation</title><link>https://relay-%s.example/story/%d</link>"
                            .formatted(name, i, name, i)
                    + "<guid>relay-%s-%d</guid><description>%s</description></item>"
                            .formatted(name, i, org.newsingest.testing.Stories.longText(name.hashCode() * 31L + i).repeat(bodyChars / 400 + 1)
                                    .substring(0, bodyChars)));
        }
        server.serve("/relay/" + name, RssFeeds.channel("relay " + name).link("https://relay-" + name + ".example/").description("test").items(items).xml());
        return subscribe("/relay/" + name, tags);
    }


    @Transactional
    @SuppressWarnings("unchecked")
    List<String> lastErrors(int feedId) {
        return entityManager.createNativeQuery("""
                SELECT e.last_error FROM outbox_event e JOIN item i ON i.id = e.item_id WHERE i.feed_id = :feed
                """).setParameter("feed", feedId).getResultList();
    }

    /** Rows of the feed another relay could claim now. */
    @Transactional
    long claimable(int feedId) {
        return ((Number) entityManager.createNativeQuery("""
                SELECT count(*) FROM outbox_event e JOIN item i ON i.id = e.item_id
                WHERE i.feed_id = :feed AND e.status = 'pending' AND e.next_attempt_at <= now()
                  AND (e.claimed_until IS NULL OR e.claimed_until < now())
                """).setParameter("feed", feedId).getSingleResult()).longValue();
    }

    /** Per batch (rows sharing one sent_at): how many rows, and their payload bytes. */
    @Transactional
    List<long[]> batches(int feedId) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = entityManager.createNativeQuery("""
                SELECT count(*), sum(octet_length(e.payload)) FROM outbox_event e JOIN item i ON i.id = e.item_id
                WHERE i.feed_id = :feed GROUP BY e.sent_at
                """).setParameter("feed", feedId).getResultList();
        return rows.stream().map(r -> new long[] {((Number) r[0]).longValue(), ((Number) r[1]).longValue()}).toList();
    }
}
