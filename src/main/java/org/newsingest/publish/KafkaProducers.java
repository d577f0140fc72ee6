package org.newsingest.publish;

import io.quarkus.arc.DefaultBean;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;

/** The real producers, unless a test selects another {@link ProducerFactory}. */
@DefaultBean
@ApplicationScoped
class KafkaProducers implements ProducerFactory {

    @Override
    public Producer<String, byte[]> create(Map<String, Object> settings) {
        return new KafkaProducer<>(settings);
    }
}
