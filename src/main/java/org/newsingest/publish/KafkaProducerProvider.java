package org.newsingest.publish;

import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** The one Kafka producer of the service, shared by every sender (the client is thread-safe). */
@ApplicationScoped
public class KafkaProducerProvider {

    @Produces
    @Singleton
    Producer<String, byte[]> producer(@Identifier("default-kafka-broker") Map<String, Object> kafka) {
        Map<String, Object> config = new HashMap<>();
        kafka.forEach((key, value) -> {
            if (ProducerConfig.configNames().contains(key)) {
                config.put(key, value);
            }
        });
        config.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, "news-ingest-relay");
        // Durability first: a record counts as sent only when every in-sync replica has it, and
        // the broker drops the duplicates that our own retries would otherwise create.
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        return new KafkaProducer<>(config);
    }

    void close(@Disposes Producer<String, byte[]> producer) {
        producer.close(Duration.ofSeconds(10));
    }
}
