package org.newsingest.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

/** D19: a setting that would weaken the guarantees stops the service instead of taking effect. */
class ProducerSettingsTest {

    private static final Map<String, Object> BOOTSTRAP = Map.of("bootstrap.servers", "127.0.0.1:9");

    @Test
    void defaultsAreTheDocumentedOnes() {
        Map<String, Object> config = ProducerSettings.resolve(BOOTSTRAP);
        assertThat(config).containsEntry("acks", "all").containsEntry("enable.idempotence", "true")
                .containsEntry("max.in.flight.requests.per.connection", "5").containsEntry("compression.type", "lz4")
                .containsEntry("linger.ms", "20").containsEntry("batch.size", "65536")
                .containsEntry("delivery.timeout.ms", "120000").containsEntry("max.block.ms", "10000")
                .containsEntry("bootstrap.servers", "127.0.0.1:9");
        new KafkaProducer<>(config).close(Duration.ZERO); // the client accepts them
    }

    @Test
    void tuningIsAllowed() {
        Map<String, Object> config = ProducerSettings.resolve(Map.of("linger.ms", "50", "compression.type", "zstd", "sasl.mechanism", "PLAIN"));
        assertThat(config).containsEntry("linger.ms", "50").containsEntry("compression.type", "zstd").containsEntry("sasl.mechanism", "PLAIN");
    }

    @Test
    void weakeningSettingsFailStartUp() {
        assertThatThrownBy(() -> ProducerSettings.resolve(Map.of("acks", "1"))).isInstanceOf(ConfigException.class).hasMessageContaining("acks");
        assertThatThrownBy(() -> ProducerSettings.resolve(Map.of("enable.idempotence", "false"))).isInstanceOf(ConfigException.class);
        assertThatThrownBy(() -> ProducerSettings.resolve(Map.of("max.in.flight.requests.per.connection", "6"))).isInstanceOf(ConfigException.class);
        assertThatThrownBy(() -> ProducerSettings.resolve(Map.of("retries", "0"))).isInstanceOf(ConfigException.class);
        assertThatThrownBy(() -> ProducerSettings.resolve(Map.of("transactional.id", "x"))).isInstanceOf(ConfigException.class);
        assertThatThrownBy(() -> ProducerSettings.resolve(Map.of("delivery.timeout.ms", "1000"))).isInstanceOf(ConfigException.class);
    }

    @Test
    void leaseMustOutlastABlockedSend() {
        Map<String, Object> config = ProducerSettings.resolve(BOOTSTRAP);
        assertThatThrownBy(() -> ProducerSettings.checkLease(Duration.ofSeconds(15), config)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("ingest.relay.lease");
        ProducerSettings.checkLease(Duration.ofSeconds(30), config);
    }
}
