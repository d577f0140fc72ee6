package org.newsingest.fault;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.newsingest.testing.ArticlePages;
import org.newsingest.testing.EventChecks;

/**
 * The delivery oracle (after Kafka's own {@code validate_delivery}): once a scenario has quieted
 * down, compares every committed outbox row with every record on the topic.
 */
final class DeliveryOracle {

    /** What a scenario produced; {@link #problems()} lists every broken invariant. */
    record Figures(String scenario, String faults, int storiesPublished, int revisionsPublished, long itemsStored,
                   long eventsCommitted, long recordsOnTopic, long distinctDelivered, long duplicates, long lost,
                   long phantoms, long revisionRegressions, long contractViolations, long itemsStoredTwice,
                   long servedButNotStored, long itemsWithoutOneCreated, long deadRows, long seconds) {

        List<String> problems() {
            List<String> problems = new ArrayList<>();
            check(problems, lost == 0, lost + " committed events never reached the topic");
            check(problems, phantoms == 0, phantoms + " events on the topic were never committed");
            check(problems, distinctDelivered == eventsCommitted, "distinct ce_ids " + distinctDelivered + " != committed " + eventsCommitted);
            check(problems, revisionRegressions == 0, revisionRegressions + " times an item's revision went backwards");
            check(problems, contractViolations == 0, contractViolations + " records break the event contract");
            check(problems, itemsStoredTwice == 0, itemsStoredTwice + " stories stored more than once");
            check(problems, servedButNotStored == 0, servedButNotStored + " served stories never stored");
            check(problems, itemsWithoutOneCreated == 0, itemsWithoutOneCreated + " items without exactly one created event");
            check(problems, deadRows == 0, deadRows + " dead outbox rows");
            check(problems, eventsCommitted > 0, "nothing was committed at all");
            return problems;
        }

        String line() {
            return String.format("| %s | %s | %d | %d | %d | %d | %d | %d | %d | %d | %d | %d | %ds |",
                    scenario, faults, storiesPublished, itemsStored, eventsCommitted, recordsOnTopic, distinctDelivered,
                    duplicates, lost, phantoms, revisionRegressions, contractViolations, seconds);
        }

        private static void check(List<String> problems, boolean ok, String problem) {
            if (!ok) {
                problems.add(problem);
            }
        }
    }

    static final String HEADER = "| scenario | faults | stories published | items stored | events committed | records on topic | distinct ce_id | duplicates | lost | phantom | revision regressions | contract violations | time |\n"
            + "|---|---|---|---|---|---|---|---|---|---|---|---|---|";

    private static final ObjectMapper JSON = new ObjectMapper();

    private DeliveryOracle() {}

    /**
     * Waits for the service to store every served story, read every queued article page (with
     * extraction on) and drain its outbox, then judges.
     */
    static Figures judge(World world, String faults, Instant started) {
        Set<String> served = world.news.servedGuids();
        long deadline = System.nanoTime() + Duration.ofSeconds(300).toNanos();
        while (System.nanoTime() < deadline) {
            Set<String> stored = new HashSet<>(world.strings("SELECT guid FROM item"));
            long pending = world.count("SELECT count(*) FROM outbox_event WHERE status = 'pending'")
                    + world.count("SELECT count(*) FROM item_extraction WHERE state = 'pending'");
            if (stored.containsAll(served) && pending == 0) {
                break;
            }
            Faults.sleep(Duration.ofSeconds(1));
        }
        Faults.sleep(Duration.ofSeconds(3)); // a poll in flight may still commit: let it, then look

        Set<String> committed = new HashSet<>(world.strings("SELECT DISTINCT event_id::text FROM outbox_event"));
        List<ConsumerRecord<String, byte[]>> records = readTopic(world.bootstrap(), committed, Duration.ofSeconds(120));

        Set<String> delivered = new HashSet<>();
        long contractViolations = 0;
        long regressions = 0;
        Map<String, Integer> lastRevision = new HashMap<>();
        for (ConsumerRecord<String, byte[]> record : records) { // in offset order per partition; a key has one partition
            List<String> problems = EventChecks.problems(record);
            if (!problems.isEmpty()) {
                contractViolations++;
                System.out.println("contract violation at offset " + record.offset() + ": " + problems);
            }
            delivered.add(EventChecks.headers(record).get("ce_id"));
            int revision = revision(record);
            Integer before = lastRevision.put(record.key(), revision);
            if (before != null && revision < before) {
                regressions++;
            }
        }
        Set<String> lost = new HashSet<>(committed);
        lost.removeAll(delivered);
        // Against the rows committed by now: an event committed after the first look and already
        // delivered (a late page's update, when the wait above ran out) is not a phantom.
        Set<String> phantoms = new HashSet<>(delivered);
        phantoms.removeAll(world.strings("SELECT DISTINCT event_id::text FROM outbox_event"));
        Set<String> stored = new HashSet<>(world.strings("SELECT guid FROM item"));
        long servedButNotStored = served.stream().filter(g -> !stored.contains(g)).count();

        Figures figures = new Figures(world.name, faults, world.news.storiesPublished(), world.news.revisionsPublished(),
                world.count("SELECT count(*) FROM item"),
                committed.size(), records.size(), delivered.size(), records.size() - delivered.size(), lost.size(), phantoms.size(),
                regressions, contractViolations,
                world.count("SELECT count(*) FROM (SELECT guid FROM item GROUP BY guid HAVING count(*) > 1) twice"),
                servedButNotStored,
                world.count("""
                        SELECT count(*) FROM item i WHERE (SELECT count(DISTINCT e.event_id) FROM outbox_event e
                                                           WHERE e.item_id = i.id AND e.event_type = 'news.item.created') <> 1
                        """),
                world.count("SELECT count(*) FROM outbox_event WHERE status = 'dead'"),
                Duration.between(started, Instant.now()).toSeconds());
        report(figures, lost, phantoms);
        return figures;
    }

    /**
     * For a scenario run {@link World#withExtraction}, after {@link #judge}: the {@code created}
     * records on the topic (one per ce_id) counted by their {@code contentSource} ({@code none} when
     * the event has no {@code contentText}), and how many of
     * the page-sourced ones carry exactly the body of the story's page.
     */
    record CreatedSources(Map<String, Long> bySource, long withThePagesBody) {}

    static CreatedSources createdSources(World world) {
        Set<String> committed = new HashSet<>(world.strings(
                "SELECT DISTINCT event_id::text FROM outbox_event WHERE event_type = 'news.item.created'"));
        Map<String, Long> bySource = new HashMap<>();
        long withThePagesBody = 0;
        Set<String> seen = new HashSet<>();
        for (ConsumerRecord<String, byte[]> record : readTopic(world.bootstrap(), committed, Duration.ofSeconds(120))) {
            Map<String, String> headers = EventChecks.headers(record);
            if (!"news.item.created".equals(headers.get("ce_type")) || !seen.add(headers.get("ce_id"))) {
                continue;
            }
            try {
                com.fasterxml.jackson.databind.JsonNode event = JSON.readTree(record.value());
                // No contentSource: the event has no contentText, only the feed's summary.
                bySource.merge(event.path("contentSource").asText("none"), 1L, Long::sum);
                String guid = event.path("guid").asText();
                String body = ArticlePages.body(NewsGenerator.articleName(Integer.parseInt(guid.substring(guid.lastIndexOf(':') + 1))));
                if (body.equals(event.path("contentText").asText())) {
                    withThePagesBody++;
                }
            } catch (IOException e) {
                bySource.merge("unreadable", 1L, Long::sum);
            }
        }
        return new CreatedSources(bySource, withThePagesBody);
    }

    /**
     * A consumer of {@link World#TOPIC} from its first offset, in a group of its own, that sees only
     * committed records: what a downstream service reads.
     */
    static KafkaConsumer<String, byte[]> topicReader(String bootstrap, String group) {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, group + "-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer());
        consumer.subscribe(List.of(World.TOPIC));
        return consumer;
    }

    private static List<ConsumerRecord<String, byte[]>> readTopic(String bootstrap, Collection<String> expected, Duration timeout) {
        List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
        Set<String> missing = new HashSet<>(expected);
        try (KafkaConsumer<String, byte[]> consumer = topicReader(bootstrap, "fault-oracle")) {
            long deadline = System.nanoTime() + timeout.toNanos();
            long quietUntil = Long.MAX_VALUE;
            while (System.nanoTime() < Math.min(deadline, quietUntil)) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    records.add(record);
                    missing.remove(EventChecks.headers(record).get("ce_id"));
                }
                if (missing.isEmpty() && quietUntil == Long.MAX_VALUE) {
                    quietUntil = System.nanoTime() + Duration.ofSeconds(3).toNanos(); // then prove nothing more comes
                }
            }
        }
        return records;
    }

    private static int revision(ConsumerRecord<String, byte[]> record) {
        try {
            return JSON.readTree(record.value()).path("revision").asInt(-1);
        } catch (IOException e) {
            return -1;
        }
    }

    private static void report(Figures f, Set<String> lost, Set<String> phantoms) {
        String text = """

                ===== fault scenario %s (%s) =====
                stories published %d (+%d revisions), items stored %d
                events committed %d, records on topic %d, distinct ce_id delivered %d, duplicates by ce_id %d
                lost %d, phantom %d, revision regressions %d, contract violations %d
                stories stored twice %d, served but not stored %d, items without exactly one created event %d, dead rows %d
                took %d s%s
                """.formatted(f.scenario(), f.faults(), f.storiesPublished(), f.revisionsPublished(), f.itemsStored(),
                f.eventsCommitted(), f.recordsOnTopic(), f.distinctDelivered(), f.duplicates(),
                f.lost(), f.phantoms(), f.revisionRegressions(), f.contractViolations(),
                f.itemsStoredTwice(), f.servedButNotStored(), f.itemsWithoutOneCreated(), f.deadRows(), f.seconds(),
                lost.isEmpty() && phantoms.isEmpty() ? "" : "\nlost: " + lost + "\nphantoms: " + phantoms);
        System.out.println(text);
        try {
            Path figures = Path.of("target", "fault", "figures.md");
            Files.createDirectories(figures.getParent());
            if (!Files.exists(figures)) {
                Files.writeString(figures, HEADER + "\n");
            }
            Files.writeString(figures, f.line() + "\n", StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
