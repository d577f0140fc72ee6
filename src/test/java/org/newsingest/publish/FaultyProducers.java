package org.newsingest.publish;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * Real Kafka producers that fail chosen sends on demand, the way the client reports each kind of
 * failure: through the callback (what the broker refuses) or by throwing (a closed producer).
 * Selected only by {@link RelayFailuresTest}'s profile; until armed, every send is real.
 */
@Alternative
@ApplicationScoped
public class FaultyProducers implements ProducerFactory {

    /** Which sends fail, with what, and whether send() throws it instead of calling back. */
    record Fault(Predicate<ProducerRecord<String, byte[]>> which, Supplier<RuntimeException> error, boolean thrown) {}

    private volatile Fault fault;
    private final AtomicInteger failedSends = new AtomicInteger();

    void arm(Fault fault) {
        this.fault = fault;
    }

    void heal() {
        this.fault = null;
    }

    /** Sends failed on purpose so far (a method: tests see this bean through its client proxy). */
    int failedSends() {
        return failedSends.get();
    }

    @Override
    public Producer<String, byte[]> create(Map<String, Object> settings) {
        return new KafkaProducer<>(settings) {
            @Override
            public Future<RecordMetadata> send(ProducerRecord<String, byte[]> record, Callback callback) {
                Fault armed = fault;
                if (armed == null || !armed.which().test(record)) {
                    return super.send(record, callback);
                }
                failedSends.incrementAndGet();
                RuntimeException error = armed.error().get();
                if (armed.thrown()) {
                    throw error;
                }
                callback.onCompletion(null, error);
                return CompletableFuture.failedFuture(error);
            }
        };
    }
}
