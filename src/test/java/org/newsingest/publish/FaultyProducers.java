package org.newsingest.publish;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
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
 * Selected only by the profiles of {@link RelayFailuresTest} and {@link RelayIsolationTest}; until
 * armed, every send is real. A send can also be stalled: it blocks inside send() until released.
 */
@Alternative
@ApplicationScoped
public class FaultyProducers implements ProducerFactory {

    /** Which sends fail, with what, and whether send() throws it instead of calling back. */
    record Fault(Predicate<ProducerRecord<String, byte[]>> which, Supplier<RuntimeException> error, boolean thrown) {}

    private volatile Fault fault;
    private volatile Predicate<ProducerRecord<String, byte[]>> stalled;
    private volatile CountDownLatch stallEnds = new CountDownLatch(0);
    private final AtomicInteger failedSends = new AtomicInteger();
    private final AtomicInteger stalledSends = new AtomicInteger();

    void arm(Fault fault) {
        this.fault = fault;
    }

    void heal() {
        this.fault = null;
    }

    /** Chosen sends block inside send(), as on a full producer buffer, until {@link #endStall}. */
    void stall(Predicate<ProducerRecord<String, byte[]>> which) {
        stallEnds = new CountDownLatch(1);
        stalled = which;
    }

    void endStall() {
        stalled = null;
        stallEnds.countDown();
    }

    /** Sends that have blocked so far. */
    int stalledSends() {
        return stalledSends.get();
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
                Predicate<ProducerRecord<String, byte[]>> stall = stalled;
                if (stall != null && stall.test(record)) {
                    stalledSends.incrementAndGet();
                    try {
                        stallEnds.await(2, TimeUnit.MINUTES);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
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
