package org.newsingest.publish;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.producer.Producer;
import org.newsingest.config.IngestConfig;

/**
 * Holds the one Kafka producer of the service, shared by every sender (the client is
 * thread-safe), and replaces it when it has failed for good: a fenced, closed or unauthorised
 * producer does not heal, a new one often does (rotated credentials, a fixed ACL). Its
 * settings are in {@link ProducerSettings}; they are checked at start-up, so a conflicting
 * {@code kafka.*} setting stops the service rather than weakening the guarantees. The client's
 * own metrics ({@code kafka_producer_*}) are bound to Micrometer, and bound again on each new producer.
 */
@ApplicationScoped
public class KafkaProducerProvider {

    private final Map<String, Object> settings;
    private final ProducerFactory factory;
    private final MeterRegistry metrics;
    private Producer<String, byte[]> producer;
    private KafkaClientMetrics producerMetrics;
    private int created;

    KafkaProducerProvider(@Identifier("default-kafka-broker") Map<String, Object> kafka, IngestConfig config,
                          ProducerFactory factory, MeterRegistry metrics) {
        this.settings = ProducerSettings.resolve(kafka);
        this.factory = factory;
        this.metrics = metrics;
        ProducerSettings.checkLease(config.relay().lease(), settings);
    }

    /** Fails start-up on a bad setting: the checks above, and the Kafka client's own (it throws ConfigException). */
    void onStart(@Observes StartupEvent event) {
        producer().metrics();
    }

    /** The longest one batch can take to settle: a blocked send plus the delivery timeout of the records behind it. */
    Duration longestSettle() {
        return ProducerSettings.longestSettle(settings);
    }

    /** The current producer, created on first use. */
    public synchronized Producer<String, byte[]> producer() {
        if (producer == null) {
            producer = factory.create(settings);
            producerMetrics = new KafkaClientMetrics(producer);
            producerMetrics.bindTo(metrics);
            created++;
        }
        return producer;
    }

    /** How many producers this instance has created: 1, plus one per {@link #recreate}. */
    public synchronized int created() {
        return created;
    }

    /**
     * Closes the current producer without waiting for records it still holds (their rows go back
     * to the outbox) and creates a fresh one, with its metrics bound again. If even that fails,
     * the next send tries again.
     */
    synchronized void recreate(Throwable reason) {
        Log.warnf("outbox: closing the Kafka producer and creating a new one after: %s", reason);
        discard(Duration.ZERO);
        try {
            producer();
        } catch (RuntimeException e) {
            Log.warnf("outbox: no new Kafka producer yet: %s", e);
        }
    }

    /** Flushes what the producer still holds and closes it: the end of a graceful shutdown. */
    synchronized void close(Duration timeout) {
        discard(timeout);
    }

    private void discard(Duration timeout) {
        if (producer == null) {
            return;
        }
        producerMetrics.close();
        try {
            producer.close(timeout);
        } catch (RuntimeException e) {
            Log.debugf("outbox: closing the producer failed: %s", e);
        }
        producer = null;
        producerMetrics = null;
    }

    @PreDestroy
    void destroy() {
        close(Duration.ofSeconds(5));
    }
}
