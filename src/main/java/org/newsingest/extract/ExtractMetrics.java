package org.newsingest.extract;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;

/** The extract stage's meters; names are documented in docs/extraction-stage.md. */
@ApplicationScoped
class ExtractMetrics {

    private final MeterRegistry registry;

    ExtractMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** {@code ingest_extract_pages_total{outcome}}: page requests made, by the fetch's outcome. */
    void pageFetched(String fetchOutcome) {
        Counter.builder("ingest_extract_pages_total").description("article pages requested, by fetch outcome")
                .tag("outcome", fetchOutcome).register(registry).increment();
    }

    /** {@code ingest_extract_outcomes_total{outcome,reason}}: finished extractions. */
    void outcome(String outcome, String reason) {
        Counter.builder("ingest_extract_outcomes_total").description("page extractions finished, by outcome and reason")
                .tag("outcome", outcome).tag("reason", reason == null ? "none" : reason).register(registry).increment();
    }

    /** {@code ingest_extract_shed_total}: new stories whose page was not queued because the queue was full. */
    void shed(int stories) {
        Counter.builder("ingest_extract_shed_total").description("page extractions shed because ingest.extract.queue-size was reached")
                .register(registry).increment(stories);
    }

    /** {@code ingest_extract_robots_denials_total}: pages robots.txt kept us from requesting. */
    void robotsDenied() {
        Counter.builder("ingest_extract_robots_denials_total").description("article pages not requested because robots.txt disallows them")
                .register(registry).increment();
    }

    /**
     * {@code ingest_extract_body_delay}: from the story's first sighting to its body being stored,
     * tagged by the event that carries the body ({@code created} within the hold, {@code updated} after).
     */
    void bodyDelivered(Duration sinceFirstSeen, String event) {
        Timer.builder("ingest_extract_body_delay").description("time from a story's first sighting to its page body, by the event that carries it")
                .tag("event", event).publishPercentileHistogram().register(registry).record(sinceFirstSeen);
    }
}
