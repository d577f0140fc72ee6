package org.newsingest.schedule;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/**
 * {@code ingest.backoff.*}: the back-off of failures that retrying on the feed's own interval
 * would only make worse. Each starts at its first wait and doubles per failure in a row, up to
 * {@code ingest.poll.max-backoff} (or the first wait, when that is longer), with jitter.
 */
@ConfigMapping(prefix = "ingest.backoff")
public interface BackoffConfig {

    /**
     * {@code ingest.backoff.bot-challenge}: first wait after a bot-protection service answered
     * instead of the feed. Polling a challenge again soon only teaches the wall that we are a bot.
     */
    @WithDefault("PT30M")
    Duration botChallenge();

    /** {@code ingest.backoff.auth-failure}: first wait after a 401 or 403 (credentials missing or refused). */
    @WithDefault("PT1H")
    Duration authFailure();
}
