package org.newsingest.publish;

import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The relay's producer settings, chosen on purpose. Operators may tune them through
 * {@code kafka.*} keys ({@code KAFKA_LINGER_MS=50}), but a setting that would weaken the
 * delivery guarantees stops the service at start-up instead of silently taking effect.
 */
final class ProducerSettings {

    /** Settings that a user may not change, because the outbox's guarantees rest on them. */
    private static final Set<String> FORBIDDEN = Set.of(ProducerConfig.TRANSACTIONAL_ID_CONFIG);

    private ProducerSettings() {}

    /** The producer configuration: our defaults, then the user's {@code kafka.*} producer keys, then the checks. */
    static Map<String, Object> resolve(Map<String, Object> kafka) {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.CLIENT_ID_CONFIG, "news-ingest-relay");
        // A record counts as sent only when every in-sync replica has it (the relay marks the
        // outbox row sent on that acknowledgement, so anything weaker could lose events).
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        // Set explicitly: with idempotence merely defaulted, a conflicting setting (acks=1,
        // retries=0, more than 5 in flight) silently switches it off. Explicitly on, the client
        // throws a ConfigException instead, and the broker drops the duplicates our own retries
        // within one producer session would create, and keeps their order.
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        // The highest value that idempotence allows while still guaranteeing order per partition.
        config.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "5");
        // Event bodies are JSON text: lz4 roughly halves them for little CPU (measured in the spike:
        // 108 MB/s compressed vs 134 MB/s uncompressed on loopback, where the network costs nothing).
        config.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        // Batching: the relay sends up to ingest.relay.batch-size rows at once; waiting 20 ms
        // to fill 64 KiB batches gave the best throughput in the spike (138k rec/s) and costs
        // nothing visible at news latency.
        config.put(ProducerConfig.LINGER_MS_CONFIG, "20");
        config.put(ProducerConfig.BATCH_SIZE_CONFIG, "65536");
        // Timeouts. One request may take 30 s; the client retries inside delivery.timeout.ms
        // (2 min) and then reports failure, and the relay leaves the row pending and retries it.
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "30000");
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "120000");
        // send() blocks while it has no metadata (broker down at start): bound it, so the relay
        // notices an outage in seconds and pauses, instead of blocking for the default minute.
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "10000");

        kafka.forEach((key, value) -> {
            if (ProducerConfig.configNames().contains(key)) {
                if (FORBIDDEN.contains(key)) {
                    throw new ConfigException(key, value, "the outbox relay does not use Kafka transactions; remove kafka." + key);
                }
                config.put(key, value);
            }
        });

        require(config, ProducerConfig.ACKS_CONFIG, Set.of("all", "-1"),
                "an event is marked sent on the acknowledgement, so it must be acknowledged by all in-sync replicas");
        require(config, ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, Set.of("true"),
                "without idempotence, the client's own retries can duplicate and reorder events of one item");
        int inFlight = Integer.parseInt(String.valueOf(config.get(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION)));
        if (inFlight < 1 || inFlight > 5) {
            throw new ConfigException(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, inFlight,
                    "must be between 1 and 5 to keep idempotence and order per item");
        }
        Object retries = config.get(ProducerConfig.RETRIES_CONFIG);
        if (retries != null && Integer.parseInt(String.valueOf(retries)) < 1) {
            throw new ConfigException(ProducerConfig.RETRIES_CONFIG, retries, "idempotence needs retries > 0; leave it unset");
        }
        long linger = millis(config, ProducerConfig.LINGER_MS_CONFIG);
        long request = millis(config, ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG);
        long delivery = millis(config, ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG);
        if (delivery < linger + request) {
            throw new ConfigException(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, delivery,
                    "must be at least linger.ms + request.timeout.ms (" + (linger + request) + ")");
        }

        // Not settings: the relay produces string keys and byte[] CloudEvents bodies.
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        return config;
    }

    /**
     * The longest the relay can wait for one batch: a blocked {@code send()} plus the delivery
     * timeout of the records behind it, plus a margin for the callbacks.
     */
    static Duration longestSettle(Map<String, Object> config) {
        return Duration.ofMillis(millis(config, ProducerConfig.MAX_BLOCK_MS_CONFIG)
                + millis(config, ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG) + 5_000);
    }

    /**
     * A claimed row must stay claimed until the relay knows its outcome; otherwise another
     * instance could send it again while the first copy is still in flight, and a later
     * revision of the same item could overtake it. While a batch awaits its acknowledgements the
     * relay renews the lease every third of it, but a blocked {@code send()} (no metadata, full
     * buffer) renews nothing, so the lease must outlast that.
     */
    static void checkLease(Duration lease, Map<String, Object> config) {
        Duration blocked = Duration.ofMillis(millis(config, ProducerConfig.MAX_BLOCK_MS_CONFIG) + 5_000);
        if (lease.compareTo(blocked) <= 0) {
            throw new ConfigException("ingest.relay.lease", lease, "must be longer than max.block.ms + 5 s (" + blocked + ")");
        }
    }

    private static void require(Map<String, Object> config, String key, Set<String> allowed, String why) {
        String value = String.valueOf(config.get(key)).strip().toLowerCase(Locale.ROOT);
        if (!allowed.contains(value)) {
            throw new ConfigException(key, config.get(key), why);
        }
    }

    private static long millis(Map<String, Object> config, String key) {
        return Long.parseLong(String.valueOf(config.get(key)).strip());
    }
}
