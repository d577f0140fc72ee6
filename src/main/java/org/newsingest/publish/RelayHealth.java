package org.newsingest.publish;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;
import org.newsingest.config.IngestConfig;

/**
 * Readiness of the relay: DOWN once it has had events to send but no acknowledgement from Kafka
 * for longer than {@code ingest.relay.unreachable-threshold}. Short broker outages do not flap
 * readiness, and polling and storing go on either way (events wait in the outbox). With nothing
 * to send there is nothing to judge, so the check stays UP. This replaces Quarkus' own Kafka
 * check ({@code quarkus.kafka.health.enabled=false}), which goes DOWN at the first failed probe.
 */
@ApplicationScoped
public class RelayHealth {

    private final Duration threshold;
    private volatile Instant failingSince;
    private volatile Instant batchSentAt;
    private volatile Instant lastAcknowledged;
    private volatile String lastError;

    RelayHealth(IngestConfig config) {
        this.threshold = config.relay().unreachableThreshold();
    }

    /** Called from the producer's callback thread on every acknowledgement. */
    void acknowledged() {
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

    /** The readiness response ({@link Check} is the {@code @Readiness} bean). */
    HealthCheckResponse response() {
        Duration failing = unreachableFor();
        HealthCheckResponseBuilder response = HealthCheckResponse.named("outbox relay to Kafka")
                .status(failing.compareTo(threshold) <= 0)
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

    /** The {@code @Readiness} check; a separate bean because the qualifier would hide the tracker from the relay. */
    @Readiness
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
