package org.newsingest.push;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.validation.constraints.Min;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/** {@code ingest.websub.*}: the WebSub subscriber (see docs/push.md). */
@ConfigMapping(prefix = "ingest.websub")
public interface WebSubConfig {

    /**
     * {@code ingest.websub.public-url} ({@code INGEST_WEBSUB_PUBLIC_URL}): the base URL at which
     * hubs reach this service's API port, e.g. {@code https://ingest.example.org}. Unset: no feed is
     * subscribed; feeds are polled only.
     */
    Optional<URI> publicUrl();

    /** {@code ingest.websub.lease}: the lease asked of hubs ({@code hub.lease_seconds}); the hub decides. */
    @WithDefault("P10D")
    Duration lease();

    /** {@code ingest.websub.renew-before}: renew this long before the lease ends (at most half the lease). */
    @WithDefault("PT12H")
    Duration renewBefore();

    /** {@code ingest.websub.fallback-poll-interval}: how often a feed with a live subscription is still polled. */
    @WithDefault("PT6H")
    Duration fallbackPollInterval();

    /**
     * {@code ingest.websub.pushes-stop-after}: a verified subscription without a push for this long
     * no longer counts as live, and the feed is polled at its normal interval again.
     */
    @WithDefault("P1D")
    Duration pushesStopAfter();

    /**
     * {@code ingest.websub.verify-timeout}: how long to wait for a hub's verification of intent
     * before asking again; doubled per attempt up to {@code retry-max}.
     */
    @WithDefault("PT10M")
    Duration verifyTimeout();

    /** {@code ingest.websub.retry-max}: the longest wait before asking a hub again after a refusal, denial or silence. */
    @WithDefault("PT24H")
    Duration retryMax();

    /**
     * {@code ingest.websub.max-push-bytes}: largest pushed body accepted; larger ones get 413. Below
     * the HTTP server's own cap ({@code quarkus.http.limits.max-body-size}, 6M).
     */
    @WithDefault("5242880")
    @Min(1024)
    long maxPushBytes();

    /** {@code ingest.websub.callback-rate}: callback requests per second one instance answers; more get 429. */
    @WithDefault("20")
    @Min(1)
    int callbackRate();

    /** {@code ingest.websub.callback-burst}: callback requests one instance answers at once before the rate applies. */
    @WithDefault("100")
    @Min(1)
    int callbackBurst();

    /** {@code ingest.websub.tick}: how often the subscriber looks for requests to send (subscribe, renew, unsubscribe). */
    @WithDefault("10s")
    String tick();
}
