package org.newsingest.publish;

import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.newsingest.config.IngestConfig;

/**
 * The one Kafka producer of the service, shared by every sender (the client is thread-safe).
 * Its settings are in {@link ProducerSettings}; they are checked at start-up, so a conflicting
 * {@code kafka.*} setting stops the service rather than weakening the guarantees.
 */
@ApplicationScoped
public class KafkaProducerProvider {

    private final Map<String, Object> settings;

    KafkaProducerProvider(@Identifier("default-kafka-broker") Map<String, Object> kafka, IngestConfig config) {
        this.settings = ProducerSettings.resolve(kafka);
        ProducerSettings.checkLease(config.relay().lease(), settings);
    }

    /** Fails start-up on a bad setting: the checks above, and the Kafka client's own (it throws ConfigException). */
    void onStart(@Observes StartupEvent event, Producer<String, byte[]> producer) {
        producer.metrics();
    }

    /** The longest one batch can take to settle; the relay's lease must exceed it. */
    Duration longestSettle() {
        return ProducerSettings.longestSettle(settings);
    }

    @Produces
    @Singleton
    Producer<String, byte[]> producer() {
        return new KafkaProducer<>(settings);
    }

    void close(@Disposes Producer<String, byte[]> producer) {
        producer.close(Duration.ofSeconds(10));
    }
}
