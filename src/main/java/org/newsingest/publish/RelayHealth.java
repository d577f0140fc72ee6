package org.newsingest.publish;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.health.api.HealthGroup;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.newsingest.config.IngestConfig;

/**
 * Health of the publishing side, at {@code /q/health/group/publishing} and as the gauge
 * {@code ingest_relay_state} (0 running, 1 paused because Kafka is unreachable, 2 paused after a
 * fatal producer error, 3 stopped). DOWN once the relay has had events to send but no
 * acknowledgement from Kafka for longer than {@code ingest.relay.unreachable-threshold}, or while
 * it is paused after a fatal error. It is deliberately not part of {@code /q/health/ready}: the
 * read API and the preview do not need the broker, and polling and storing go on during an outage
 * (events wait in the outbox), so a broker outage must not take the pods out of the Service.
 * This replaces Quarkus' own Kafka check ({@code quarkus.kafka.health.enabled=false}).
 */
@ApplicationScoped
public class RelayHealth {

    /** What the relay is doing; the gauge's value is the ordinal. */
    public enum State { RUNNING, PAUSED_UNREACHABLE, PAUSED_FAILED, STOPPED }

    private final Duration threshold;
    private volatile State state = State.RUNNING;
    private volatile Instant failingSince;
    private volatile Instant batchSentAt;
    private volatile Instant lastAcknowledged;
    private volatile String lastError;

    RelayHealth(IngestConfig config, MeterRegistry metrics) {
        this.threshold = config.relay().unreachableThreshold();
        Gauge.builder("ingest_relay_state", this, health -> health.state.ordinal())
                .description("outbox relay: 0 running, 1 paused (Kafka unreachable), 2 paused (fatal producer error), 3 stopped")
                .register(metrics);
    }

    public State state() {
        return state;
    }

    void state(State state) {
        this.state = state;
    }

    /** A fatal producer error: the relay pauses and recreates its producer. */
    void failed(Throwable error) {
        state = State.PAUSED_FAILED;
        lastError = String.valueOf(error);
    }

    /** Called from the producer's callback thread on every acknowledgement. */
    void acknowledged() {
        state = State.RUNNING;
        failingSince = null;
        lastError = null;
        lastAcknowledged = Instant.now();
    }

    /** A batch was handed to the producer; until it settles, no acknowledgement since then counts as unreachable. */
    void batchSent(Instant at) {
        batchSentAt = at;
    }

    void batchSettled() {
        batchSentAt = null;
    }

    /** Sends started at {@code attemptStarted} got no acknowledgement because Kafka could not be reached. */
    void unreachable(Instant attemptStarted, Throwable error) {
        if (failingSince == null) {
            failingSince = attemptStarted;
        }
        state = State.PAUSED_UNREACHABLE;
        lastError = String.valueOf(error);
    }

    /**
     * How long the relay has been failing to reach Kafka, or zero: since the first failed batch
     * after the last acknowledgement, or since the batch in flight was sent if it has had no
     * acknowledgement yet (so an outage shows before the producer's delivery timeout).
     */
    Duration unreachableFor() {
        Instant since = failingSince;
        Instant sent = batchSentAt;
        Instant acked = lastAcknowledged;
        if (sent != null && (acked == null || acked.isBefore(sent)) && (since == null || sent.isBefore(since))) {
            since = sent;
        }
        return since == null ? Duration.ZERO : Duration.between(since, Instant.now());
    }

    /** The publishing group's response ({@link Check} is the health-check bean). */
    HealthCheckResponse response() {
        Duration failing = unreachableFor();
        State now = state;
        HealthCheckResponseBuilder response = HealthCheckResponse.named("outbox relay to Kafka")
                .status(failing.compareTo(threshold) <= 0 && now != State.PAUSED_FAILED)
                .withData("state", now.name().toLowerCase(java.util.Locale.ROOT))
                .withData("unreachableForSeconds", failing.toSeconds())
                .withData("thresholdSeconds", threshold.toSeconds());
        Instant acknowledged = lastAcknowledged;
        if (acknowledged != null) {
            response.withData("lastAcknowledgedAt", acknowledged.toString());
        }
        String error = lastError;
        if (error != null) {
            response.withData("lastError", error);
        }
        return response.build();
    }

    /** The check of the {@code publishing} health group; a separate bean because the qualifier would hide the tracker from the relay. */
    @HealthGroup("publishing")
    @ApplicationScoped
    static class Check implements HealthCheck {

        private final RelayHealth health;

        Check(RelayHealth health) {
            this.health = health;
        }

        @Override
        public HealthCheckResponse call() {
            return health.response();
        }
    }
}
