package org.newsingest.fetch;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.newsingest.feed.PollError;

/** What one fetch of a feed came to. Every outcome is a value; the fetcher never throws. */
public sealed interface FetchResult {

    /** HTTP status of the final response, or 0 when none was received. */
    int status();

    /**
     * A stable name for the kind of outcome, used in metrics and the fetch log: {@code modified},
     * {@code not_modified}, {@code rate_limited}, {@code gone}, {@code failed} or {@code abandoned}.
     */
    String outcome();

    /**
     * A new body (decompressed, at most {@code ingest.fetch.max-body-bytes}).
     * {@code permanentRedirect} is set when the request reached {@code finalUrl} through an
     * unbroken run of 301/308 redirects to an https URL: a candidate for replacing the stored URL.
     * {@code etag} and {@code lastModified} are the validators exactly as the server sent them.
     * {@code links} are the final response's {@code Link} header values (RFC 8288), as sent: WebSub
     * discovery reads its hub and self links there.
     */
    record Modified(
            int status,
            URI finalUrl,
            byte[] body,
            Optional<String> contentType,
            Optional<String> etag,
            Optional<String> lastModified,
            CacheHints cacheHints,
            Optional<URI> permanentRedirect,
            List<String> links)
            implements FetchResult {
        @Override
        public String outcome() {
            return "modified";
        }
    }

    /** 304: the validators still match. {@code permanentRedirect} as for {@link Modified}. */
    record NotModified(int status, CacheHints cacheHints, Optional<URI> permanentRedirect) implements FetchResult {
        public NotModified(int status, CacheHints cacheHints) {
            this(status, cacheHints, Optional.empty());
        }

        @Override
        public String outcome() {
            return "not_modified";
        }
    }

    /**
     * 429, or 503 with a usable Retry-After: the server asked us to come back later.
     * {@code retryAt} is empty when Retry-After was absent, garbage or in the past.
     */
    record RateLimited(int status, Optional<Instant> retryAt) implements FetchResult {
        @Override
        public String outcome() {
            return "rate_limited";
        }
    }

    /** 410: the publisher removed the feed for good. */
    record Gone(int status) implements FetchResult {
        @Override
        public String outcome() {
            return "gone";
        }
    }

    /** Anything else: a stable error code and a human-readable detail (already safe to log). */
    record Failed(int status, PollError error, String detail) implements FetchResult {
        @Override
        public String outcome() {
            return "failed";
        }
    }

    /**
     * The fetch was given up by us, not failed by the feed: the instance is shutting down and
     * abandoned it ({@link FeedFetcher#abandonInFlight()}) or interrupted the fetching thread.
     * Says nothing about the feed, so it is never recorded against it.
     */
    record Abandoned(String detail) implements FetchResult {
        @Override
        public int status() {
            return 0;
        }

        @Override
        public String outcome() {
            return "abandoned";
        }
    }

    /** What the response said about how long it stays fresh. */
    record CacheHints(Optional<Duration> maxAge, Optional<Instant> expires) {
        public static final CacheHints NONE = new CacheHints(Optional.empty(), Optional.empty());
    }
}
