package org.newsingest.publish;

import java.util.Map;
import org.apache.kafka.clients.producer.Producer;

/**
 * Creates the relay's Kafka producers. A seam of its own so a test can put a producer that fails
 * on demand in front of the real one (a CDI alternative) and watch the relay recover.
 */
public interface ProducerFactory {

    Producer<String, byte[]> create(Map<String, Object> settings);
}
