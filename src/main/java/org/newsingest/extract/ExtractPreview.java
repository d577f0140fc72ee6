package org.newsingest.extract;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;

/**
 * What {@code POST /api/v1/preview/extract} shows: the outcome a story's extraction would record
 * for the page, the body it would store, and every metadata value the page offered with its source.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ExtractPreview(String url, String outcome, String reason, String detail, String finalUrl, String bodyText, Integer bodyChars,
                             Metadata metadata) {

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Metadata(Sourced<String> title, Sourced<String> author, Sourced<Instant> published, Sourced<Instant> modified,
                           Sourced<String> image, Sourced<String> section, List<String> keywords, Sourced<String> language,
                           Sourced<String> canonicalUrl, Boolean accessibleForFree) {

        static Metadata of(PageMetadata page) {
            return new Metadata(page.title().orElse(null), page.author().orElse(null), page.published().orElse(null),
                    page.modified().orElse(null), page.image().orElse(null), page.section().orElse(null),
                    page.keywords().isEmpty() ? null : page.keywords(), page.language().orElse(null),
                    page.canonicalUrl().map(c -> new Sourced<>(c.value().toString(), c.source())).orElse(null),
                    page.accessibleForFree().orElse(null));
        }
    }

    static ExtractPreview of(String url, ExtractionOutcome outcome) {
        if (outcome instanceof ExtractionOutcome.Extracted extracted) {
            return new ExtractPreview(url, outcome.state(), null, null, extracted.finalUrl().toString(), extracted.body(), extracted.body().length(),
                    Metadata.of(extracted.metadata()));
        }
        if (outcome instanceof ExtractionOutcome.Paywalled paywalled) {
            return new ExtractPreview(url, outcome.state(), null, paywalled.detail(), paywalled.finalUrl().toString(), null, null,
                    Metadata.of(paywalled.metadata()));
        }
        if (outcome instanceof ExtractionOutcome.Skipped skipped) {
            return new ExtractPreview(url, outcome.state(), skipped.reason(), skipped.detail(), skipped.finalUrl().map(Object::toString).orElse(null),
                    null, null, null);
        }
        if (outcome instanceof ExtractionOutcome.Failed failed) {
            return new ExtractPreview(url, outcome.state(), failed.reason(), failed.detail(), null, null, null, null);
        }
        ExtractionOutcome.Deferred deferred = (ExtractionOutcome.Deferred) outcome;
        return new ExtractPreview(url, "failed", "abandoned", deferred.detail(), null, null, null, null);
    }

    /** The page as a story's extraction would read it now: robots.txt first, then the guarded fetch. Nothing is stored. */
    public static ExtractPreview of(PageReader reader, java.net.URI page) {
        RobotsTxt robots = reader.robotsFor(page);
        ExtractionOutcome outcome = robots.allows(page) ? reader.read(page) : reader.disallowed(page, robots);
        return of(page.toString(), outcome);
    }
}
