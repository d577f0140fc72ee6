package org.newsingest.local;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * {@code ./mvnw -q -Ptail}: prints every event on the topic from the beginning, headers and body,
 * for a machine without Kafka's command-line tools. Stops with Ctrl-C.
 */
public final class TailEvents {

    private TailEvents() {}

    public static void main(String[] args) {
        Map<String, String> env = System.getenv();
        String bootstrap = env.getOrDefault("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9092");
        String topic = env.getOrDefault("INGEST_KAFKA_TOPIC", "news.items");
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, "tail-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false"),
                new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            System.out.println("reading " + topic + " on " + bootstrap + " from the beginning (Ctrl-C stops)");
            while (true) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofSeconds(1))) {
                    StringBuilder line = new StringBuilder("partition ").append(record.partition())
                            .append(" offset ").append(record.offset()).append(" key ").append(record.key()).append('\n');
                    for (Header header : record.headers()) {
                        line.append("  ").append(header.key()).append(": ").append(new String(header.value(), StandardCharsets.UTF_8)).append('\n');
                    }
                    line.append("  ").append(record.value());
                    System.out.println(line);
                }
            }
        }
    }
}
