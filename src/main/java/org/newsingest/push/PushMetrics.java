package org.newsingest.push;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The subscriber's counters: {@code ingest_websub_pushes_total{outcome}},
 * {@code ingest_websub_verifications_total{mode,result}}, {@code ingest_websub_renewals_total}
 * and {@code ingest_websub_failures_total{reason}}.
 */
@ApplicationScoped
public class PushMetrics {

    private final MeterRegistry registry;

    PushMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** A content distribution request, by what became of it ({@code stored}, {@code bad_signature}, ...). */
    public void push(String outcome) {
        Counter.builder("ingest_websub_pushes_total")
                .description("content distribution requests from hubs, by outcome")
                .tag("outcome", outcome)
                .register(registry)
                .increment();
    }

    /** A hub's verification of intent (or denial), by mode and whether it was confirmed. */
    void verification(String mode, boolean confirmed) {
        Counter.builder("ingest_websub_verifications_total")
                .description("verification requests from hubs, by mode and result (confirmed or refused with 404)")
                .tag("mode", mode)
                .tag("result", confirmed ? "confirmed" : "refused")
                .register(registry)
                .increment();
    }

    void request(HubRequest request, boolean failed) {
        if (request.renewal() && !failed) {
            Counter.builder("ingest_websub_renewals_total")
                    .description("subscription renewals the hubs accepted")
                    .register(registry)
                    .increment();
        }
        if (failed) {
            failure(request.mode().wireName() + "_refused");
        }
    }

    /** A subscription that did not work out: a refused request, a denial. */
    void failure(String reason) {
        Counter.builder("ingest_websub_failures_total")
                .description("subscription failures, by reason (subscribe_refused, unsubscribe_refused, denied)")
                .tag("reason", reason)
                .register(registry)
                .increment();
    }
}
