package org.newsingest.tag;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Not ready until the taxonomy is compiled: the tagger compiles it beside the rest of start-up,
 * and every stored item is tagged with it.
 */
@Readiness
@ApplicationScoped
public class TaxonomyReadiness implements HealthCheck {

    static final String NAME = "taxonomy-compiled";

    private final TopicTagger tagger;

    TaxonomyReadiness(TopicTagger tagger) {
        this.tagger = tagger;
    }

    @Override
    public HealthCheckResponse call() {
        return tagger.compiledState()
                .map(compiled -> compiled
                        ? HealthCheckResponse.named(NAME).up().withData("topics", tagger.taxonomy().entries().size()).build()
                        : HealthCheckResponse.named(NAME).down().withData("error", "the taxonomy did not compile; see the log").build())
                .orElseGet(() -> HealthCheckResponse.named(NAME).down().withData("state", "compiling").build());
    }
}
