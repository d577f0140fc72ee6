package org.newsingest.examples;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * A minimal consumer of {@code news.items}, written as a downstream team would: the plain Kafka
 * client, no CloudEvents SDK. It keeps the latest revision of every item, and is safe against what
 * the contract allows to happen: re-sent events (same {@code ce_id}: dropped) and an older revision
 * arriving after a newer one, e.g. from a replay (lower revision: dropped).
 *
 * <p>Run it against a broker: {@code ./mvnw -q test-compile exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=org.newsingest.examples.LatestRevisionConsumer -Dexec.args="localhost:9092 news.items"}.
 * Tested in {@code LatestRevisionConsumerTest} against the service and an embedded broker.
 */
public final class LatestRevisionConsumer implements AutoCloseable {

    /** Event ids remembered to drop re-sends; a re-send arrives soon after the original, so a bounded window is enough. */
    static final int SEEN_IDS = 100_000;

    private static final ObjectMapper JSON = new ObjectMapper();

    private final KafkaConsumer<String, byte[]> consumer;
    private final Map<String, JsonNode> latestByItem = new ConcurrentHashMap<>();
    private final Set<String> seenEventIds = Collections.newSetFromMap(new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > SEEN_IDS;
        }
    });
    private long duplicates;
    private long stale;

    public LatestRevisionConsumer(String bootstrapServers, String topic, String groupId) {
        consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG, groupId,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                // Commit after applying (below), so a crash re-reads rather than skips.
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false"),
                new StringDeserializer(), new ByteArrayDeserializer());
        consumer.subscribe(List.of(topic));
    }

    /** One poll: applies what is new, drops re-sends and stale revisions, then commits. Returns the records read. */
    public int poll(Duration timeout) {
        int read = 0;
        for (ConsumerRecord<String, byte[]> record : consumer.poll(timeout)) {
            read++;
            apply(record);
        }
        if (read > 0) {
            consumer.commitSync();
        }
        return read;
    }

    private void apply(ConsumerRecord<String, byte[]> record) {
        Optional<String> eventId = header(record, "ce_id");
        if (eventId.isEmpty() || !seenEventIds.add(eventId.get())) {
            duplicates++;
            return;
        }
        JsonNode event = body(record);
        // The record key is the item id; unknown fields in the body are ignored (the schema is open).
        JsonNode current = latestByItem.get(record.key());
        if (current != null && current.path("revision").asInt() >= event.path("revision").asInt()) {
            stale++;
            return;
        }
        latestByItem.put(record.key(), event);
    }

    /** The latest known revision of every item, by item id. */
    public Map<String, JsonNode> latest() {
        return Map.copyOf(latestByItem);
    }

    /** Records dropped because their {@code ce_id} was seen before. */
    public long duplicates() {
        return duplicates;
    }

    /** Records dropped because a newer or equal revision of the item was applied already. */
    public long stale() {
        return stale;
    }

    @Override
    public void close() {
        consumer.close();
    }

    private static Optional<String> header(ConsumerRecord<String, byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? Optional.empty() : Optional.of(new String(header.value(), StandardCharsets.UTF_8));
    }

    private static JsonNode body(ConsumerRecord<String, byte[]> record) {
        try {
            return JSON.readTree(record.value());
        } catch (IOException e) {
            throw new UncheckedIOException("not a JSON event body at offset " + record.offset(), e);
        }
    }

    public static void main(String[] args) {
        String bootstrap = args.length > 0 ? args[0] : "localhost:9092";
        String topic = args.length > 1 ? args[1] : "news.items";
        try (LatestRevisionConsumer consumer = new LatestRevisionConsumer(bootstrap, topic, "example-" + UUID.randomUUID())) {
            while (true) {
                if (consumer.poll(Duration.ofSeconds(1)) > 0) {
                    System.out.printf("items %d, duplicates dropped %d, stale revisions dropped %d%n",
                            consumer.latest().size(), consumer.duplicates(), consumer.stale());
                }
            }
        }
    }
}
