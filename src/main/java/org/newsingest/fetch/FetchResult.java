package org.newsingest.fetch;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** What one fetch of a feed came to. Every outcome is a value; the fetcher never throws. */
public sealed interface FetchResult {

    /** HTTP status of the final response, or 0 when none was received. */
    int status();

    /** A new body. {@code permanentRedirect} is set when a 301/308 pointed the feed elsewhere. */
    record Modified(
            int status,
            URI finalUrl,
            byte[] body,
            Optional<String> contentType,
            Optional<String> etag,
            Optional<String> lastModified,
            CacheHints cacheHints,
            Optional<URI> permanentRedirect)
            implements FetchResult {}

    /** 304: the validators still match. */
    record NotModified(int status, CacheHints cacheHints) implements FetchResult {}

    /** 429 or 503: the server asked us to come back later; {@code retryAt} when it said when. */
    record RateLimited(int status, Optional<Instant> retryAt) implements FetchResult {}

    /** 410: the publisher removed the feed for good. */
    record Gone(int status) implements FetchResult {}

    /** Anything else: a stable error code and a human-readable detail. */
    record Failed(int status, FetchError error, String detail) implements FetchResult {}

    /** What the response said about how long it stays fresh. */
    record CacheHints(Optional<Duration> maxAge, Optional<Instant> expires) {
        public static final CacheHints NONE = new CacheHints(Optional.empty(), Optional.empty());
    }
}
