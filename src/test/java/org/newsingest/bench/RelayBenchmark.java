package org.newsingest.bench;

import static org.awaitility.Awaitility.await;

import io.quarkus.test.junit.QuarkusTestProfile;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.newsingest.testing.RealEngines;

/**
 * How fast the relay drains a backlog on this machine: {@value #EVENTS} outbox rows of about
 * 3 KiB (random text, so lz4 does not flatter it), one per item, committed at once; the relay
 * (acks=all, idempotent, the shipped producer settings) sends them to the embedded broker. One
 * subclass per {@code ingest.relay.batch-size}, since the batch size is read at start-up. Never
 * fails on timing: it prints a line and appends it to {@code target/relay-benchmark.md}.
 *
 * <p>Run: {@code ./mvnw test -Dgroups=benchmark -DexcludedGroups= -Dtest='RelayBatch*Benchmark' -Dsurefire.failIfNoSpecifiedTests=false}
 */
@Tag("benchmark")
abstract class RelayBenchmark {

    static final int EVENTS = Integer.getInteger("bench.relayEvents", 20_000);

    /** The engines of every test, and the batch size under test. */
    abstract static class BatchSize extends RealEngines {
        private final int size;

        BatchSize(int size) {
            this.size = size;
        }

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("ingest.relay.batch-size", String.valueOf(size));
        }
    }

    @Inject
    EntityManager entityManager;

    @ConfigProperty(name = "ingest.relay.batch-size")
    int batchSize;

    @Test
    void drainBacklog() throws IOException, InterruptedException {
        long feed = feed();
        awaitDrained(Duration.ofMinutes(5)); // whatever an earlier class left
        long cpuBefore = cpuNanos();
        long started = System.nanoTime();
        queue(feed, EVENTS);
        awaitDrained(Duration.ofMinutes(10));
        double seconds = (System.nanoTime() - started) / 1e9;
        double cpuMs = (cpuNanos() - cpuBefore) / 1e6;
        String line = String.format("| %d | %d | %.1f s | %.0f events/s | %.3f CPU-ms/event (whole test JVM, broker included) |",
                batchSize, EVENTS, seconds, EVENTS / seconds, cpuMs / EVENTS);
        System.out.println("relay benchmark: " + line);
        Path out = Path.of("target", "relay-benchmark.md");
        Files.writeString(out, line + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    @Transactional
    long feed() {
        return ((Number) entityManager.createNativeQuery("""
                INSERT INTO feed (url, normalized_url, state) VALUES (:url, :url, 'paused') RETURNING id
                """).setParameter("url", "http://bench.invalid/relay/" + System.nanoTime()).getSingleResult()).longValue();
    }

    /** Items and their events in one transaction, as a burst of polls would leave them. */
    @Transactional
    void queue(long feed, int events) {
        entityManager.createNativeQuery("""
                WITH items AS (
                    INSERT INTO item (id, story_id, feed_id, title, content_hash)
                    SELECT g.id, g.id, :feed, 'bench', md5(g.id::text)
                    FROM (SELECT gen_random_uuid() AS id FROM generate_series(1, :events)) g
                    RETURNING id)
                INSERT INTO outbox_event (event_id, item_id, event_type, source, subject, topics, payload)
                SELECT gen_random_uuid(), i.id, 'news.item.created', 'http://bench.invalid/relay', i.id::text, 'bench',
                       '{"title":"' || t.text || '"}'
                FROM items i
                CROSS JOIN LATERAL (SELECT string_agg(md5(random()::text || n), ' ') AS text
                                    FROM generate_series(1, 90) n WHERE i.id IS NOT NULL) t
                """).setParameter("feed", feed).setParameter("events", events).executeUpdate();
    }

    @Transactional
    long pending() {
        return ((Number) entityManager.createNativeQuery("SELECT count(*) FROM outbox_event WHERE status = 'pending'")
                .getSingleResult()).longValue();
    }

    private void awaitDrained(Duration timeout) {
        await().atMost(timeout).pollInterval(Duration.ofMillis(50)).until(() -> pending() == 0);
    }

    private static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

}
