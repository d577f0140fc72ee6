package org.newsingest.extract;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.newsingest.testing.ArticlePages;
import org.newsingest.testing.PipelineTest;
import org.newsingest.testing.RealEngines;
import org.newsingest.testing.TopicReader;

/**
 * Back-pressure: with room for two pending extractions, a poll bringing five teaser stories queues
 * two pages and sheds three, visibly: recorded {@code skipped}/{@code queue_full}, counted in
 * {@code ingest_extract_shed_total}, and published at once with the feed's text.
 */
@QuarkusTest
@TestProfile(ExtractionSheddingTest.TinyQueue.class)
class ExtractionSheddingTest extends PipelineTest {

    public static class TinyQueue extends RealEngines {
        @Override
        public Map<String, String> getConfigOverrides() {
            // A long hold and pages that never answer within the test: a created event that arrives
            // is one the hold did not apply to, and the two queued extractions stay pending.
            return Map.of("ingest.extract.enabled", "true", "ingest.extract.queue-size", "2", "ingest.extract.hold", "PT5M",
                    "ingest.extract.page-timeout", "PT5M");
        }
    }

    @Inject
    EntityManager entityManager;

    @Inject
    MeterRegistry metrics;

    @Test
    void storiesBeyondTheQueueAreRecordedCountedAndPublishedAtOnce() {
        Map<String, String> links = new LinkedHashMap<>();
        for (int n = 1; n <= 5; n++) {
            server.hang("/pages/slow-" + n);
            links.put("Story " + n, server.url("/pages/slow-" + n));
        }
        server.serve("/robots.txt", "text/plain", "User-agent: *\nAllow: /\n".getBytes(StandardCharsets.UTF_8));
        server.serve("/feeds/five", ArticlePages.feed("Five", links));
        try (TopicReader reader = reader()) {
            int feedId = subscribe("/feeds/five", List.of());
            // Only the shed stories' created events can arrive before the 5-minute hold: three of them.
            awaitEventsOf(reader, feedId, 3);
            List<ConsumerRecord<String, byte[]>> shed = reader.drain(Duration.ofSeconds(5)).stream()
                    .filter(r -> body(r).get("feed").get("id").asInt() == feedId).toList();
            assertThat(shed).hasSize(3);
            assertThat(shed).extracting(r -> body(r).get("extraction"))
                    .allSatisfy(extraction -> {
                        assertThat(extraction.get("outcome").asText()).isEqualTo("skipped");
                        assertThat(extraction.get("reason").asText()).isEqualTo("queue_full");
                    });
            Map<String, String> recorded = recorded(feedId);
            assertThat(recorded.values().stream().collect(Collectors.groupingBy(state -> state, Collectors.counting())))
                    .isEqualTo(Map.of("skipped/queue_full", 3L, "pending/-", 2L));
            assertThat(shed).extracting(r -> body(r).get("title").asText())
                    .containsExactlyInAnyOrderElementsOf(recorded.entrySet().stream()
                            .filter(e -> e.getValue().equals("skipped/queue_full")).map(Map.Entry::getKey).toList());
        }
        assertThat(metrics.counter("ingest_extract_shed_total").count()).isEqualTo(3.0);
    }

    @Transactional
    Map<String, String> recorded(int feedId) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = entityManager.createNativeQuery("""
                SELECT i.title, x.state, coalesce(x.reason, '-') FROM item_extraction x JOIN item i ON i.id = x.item_id WHERE x.feed_id = :feed
                """).setParameter("feed", feedId).getResultList();
        return rows.stream().collect(Collectors.toMap(row -> (String) row[0], row -> row[1] + "/" + row[2]));
    }
}
