package org.newsingest.testing;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * A real consumer that reads a topic from the beginning, as a downstream service would. Test
 * classes share one broker and topic, so a reader can keep only the events whose
 * {@code ce_source} (the feed URL) starts with its own feed server's address.
 */
public final class TopicReader implements AutoCloseable {

    private final KafkaConsumer<String, byte[]> consumer;
    private final List<ConsumerRecord<String, byte[]>> received = new ArrayList<>();
    private final String sourcePrefix;

    public TopicReader(String bootstrapServers, String topic) {
        this(bootstrapServers, topic, "");
    }

    public TopicReader(String bootstrapServers, String topic, String sourcePrefix) {
        this.sourcePrefix = sourcePrefix;
        consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                new StringDeserializer(), new ByteArrayDeserializer());
        consumer.subscribe(List.of(topic));
    }

    /** Polls until {@code count} records in all have arrived or {@code timeout} passes; returns all received so far. */
    public List<ConsumerRecord<String, byte[]>> awaitTotal(int count, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (received.size() < count && System.nanoTime() < deadline) {
            consumer.poll(Duration.ofMillis(200)).forEach(this::keepIfOurs);
        }
        return List.copyOf(received);
    }

    /**
     * Keeps polling for {@code quiet} and returns everything received, to prove nothing more arrives.
     * Everything means every record since the reader was opened, not only those of this call: a
     * caller that adds the result to records it drained earlier counts those twice.
     */
    public List<ConsumerRecord<String, byte[]>> drain(Duration quiet) {
        long deadline = System.nanoTime() + quiet.toNanos();
        while (System.nanoTime() < deadline) {
            consumer.poll(Duration.ofMillis(200)).forEach(this::keepIfOurs);
        }
        return List.copyOf(received);
    }

    private void keepIfOurs(ConsumerRecord<String, byte[]> record) {
        Header source = record.headers().lastHeader("ce_source");
        if (source != null && new String(source.value(), StandardCharsets.UTF_8).startsWith(sourcePrefix)) {
            received.add(record);
        }
    }

    @Override
    public void close() {
        consumer.close();
    }
}
