package org.newsingest.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.newsingest.fault.Faults;

/**
 * A real consumer on the scenario's topic, from the beginning: counts the distinct events the
 * broker acknowledged ({@code ce_id}), the {@code created} ones, and when each item's guid was
 * first seen here (this machine's clock, the same one the feed server stamps appearances with).
 */
final class EventTap implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Set<String> eventIds = ConcurrentHashMap.newKeySet();
    private final AtomicLong created = new AtomicLong();
    private final AtomicLong createdFromPage = new AtomicLong();
    private final AtomicLong lastArrivalMillis = new AtomicLong();
    final Map<String, Long> guidArrivals = new ConcurrentHashMap<>();
    private final Thread thread;
    private volatile boolean running = true;

    EventTap(String bootstrap, String topic) {
        KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false",
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "2000"));
        List<TopicPartition> partitions = IntStream.range(0, Engines.PARTITIONS).mapToObj(p -> new TopicPartition(topic, p)).toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        thread = new Thread(() -> {
            try (consumer) {
                while (running) {
                    for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                        accept(record, System.currentTimeMillis());
                    }
                }
            }
        }, "bench-event-tap-" + topic);
        thread.setDaemon(true);
        thread.start();
    }

    private void accept(ConsumerRecord<byte[], byte[]> record, long now) {
        String eventId = header(record, "ce_id");
        if (eventId == null || !eventIds.add(eventId)) {
            return; // a re-send: the same ce_id was counted already
        }
        lastArrivalMillis.set(now);
        if ("news.item.created".equals(header(record, "ce_type"))) {
            created.incrementAndGet();
            try {
                JsonNode body = JSON.readTree(record.value());
                if ("page".equals(body.path("contentSource").asText())) {
                    createdFromPage.incrementAndGet();
                }
                JsonNode guid = body.get("guid");
                if (guid != null && !guid.isNull()) {
                    guidArrivals.putIfAbsent(guid.asText(), now);
                }
            } catch (java.io.IOException e) {
                // not our event shape: counted, but no guid to time
            }
        }
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    long created() {
        return created.get();
    }

    /** The created events whose {@code contentSource} is {@code "page"}: the extract stage's body rode in them. */
    long createdFromPage() {
        return createdFromPage.get();
    }

    long events() {
        return eventIds.size();
    }

    long lastArrivalMillis() {
        return lastArrivalMillis.get();
    }

    /** Waits until {@code done} or the deadline (System.nanoTime); true when done. */
    static boolean await(BooleanSupplier done, long deadlineNanos) {
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadlineNanos) {
                return false;
            }
            Faults.sleep(Duration.ofMillis(50));
        }
        return true;
    }

    @Override
    public void close() {
        running = false;
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
