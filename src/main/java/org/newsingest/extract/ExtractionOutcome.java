package org.newsingest.extract;

import java.net.URI;
import java.util.Optional;

/**
 * What one page extraction came to. Every outcome is a value: a page can cost at most its own body.
 * The {@link #state()} names are stored in {@code item_extraction.state} and sent as the event's
 * {@code extraction.outcome}.
 */
public sealed interface ExtractionOutcome {

    String state();

    /** The article body (already capped), what the page said about itself, and where its redirects ended. */
    record Extracted(String body, PageMetadata metadata, URI finalUrl) implements ExtractionOutcome {
        public String state() {
            return "extracted";
        }
    }

    /** A paywall teaser: the page says so ({@code isAccessibleForFree: false}) or its body is cut short. */
    record Paywalled(String detail, PageMetadata metadata, URI finalUrl) implements ExtractionOutcome {
        public String state() {
            return "paywalled";
        }
    }

    /**
     * Not read on purpose: {@code robots_disallowed}, {@code robots_unreachable}, {@code queue_full}, {@code not_html} (a PDF, an
     * image, a video), or the extractor's verdict that the page is no article ({@code consent_wall},
     * {@code bot_challenge}, {@code not_article}, {@code too_short}, {@code navigation}).
     */
    record Skipped(String reason, String detail, Optional<URI> finalUrl) implements ExtractionOutcome {
        public String state() {
            return "skipped";
        }
    }

    /** The page could not be had: a fetch error code ({@code http_4xx}, {@code timeout}, {@code too_large}, {@code blocked_address}, ...). */
    record Failed(String reason, String detail) implements ExtractionOutcome {
        public String state() {
            return "failed";
        }
    }

    /** Not now: the host's Crawl-delay puts the next request too far ahead, or the instance is stopping. Queued again. */
    record Deferred(java.time.Instant until, String detail) implements ExtractionOutcome {
        public String state() {
            return "pending";
        }
    }
}
