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
    private volatile Instant lastAcknowledged;
    private volatile String lastError;

    RelayHealth(IngestConfig config) {
        this.threshold = config.relay().unreachableThreshold();
    }

    void acknowledged() {
        failingSince = null;
        lastError = null;
        lastAcknowledged = Instant.now();
    }

    /** Sends started at {@code attemptStarted} got no acknowledgement because Kafka could not be reached. */
    void unreachable(Instant attemptStarted, Throwable error) {
        if (failingSince == null) {
            failingSince = attemptStarted;
        }
        lastError = String.valueOf(error);
    }

    /** How long the relay has been failing to reach Kafka, or zero. */
    Duration unreachableFor() {
        Instant since = failingSince;
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
