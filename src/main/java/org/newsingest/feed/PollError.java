package org.newsingest.feed;

/**
 * Why a poll failed: at the fetch, the parse or the store. The codes are stable: they are exposed
 * in the API, on the fetch log and in metrics. It lives with the feed, whose state it explains, so
 * that the stages which report it (fetch, parse, pipeline) need not know each other.
 */
public enum PollError {
    /** A 2xx with no body at all (after decompression). */
    EMPTY_BODY("empty_body"),
    /** The body is a document, but not a feed (e.g. an HTML page). */
    NOT_A_FEED("not_a_feed"),
    /** The body looks like a feed but could not be read (malformed XML or JSON). */
    PARSE_ERROR("parse_error"),
    /** Content-Length or the decompressed body passed {@code ingest.fetch.max-body-bytes}. */
    TOO_LARGE("too_large"),
    /** The overall deadline (connect, headers and body) or a socket timeout ran out. */
    TIMEOUT("timeout"),
    /** Connection refused or reset, unknown host, malformed response, body cut short. */
    NETWORK_ERROR("network_error"),
    /** Handshake failed: untrusted, expired or mismatched certificate, no common protocol. */
    TLS_ERROR("tls_error"),
    /** More redirect hops than {@code ingest.fetch.max-redirects}, or a redirect loop. */
    TOO_MANY_REDIRECTS("too_many_redirects"),
    /** An https URL redirected to plain http. */
    INSECURE_REDIRECT("insecure_redirect"),
    /** The host is, or resolves to, an address the address guard refuses. */
    BLOCKED_ADDRESS("blocked_address"),
    /** Anything but http and https, in the feed URL or a redirect. */
    UNSUPPORTED_SCHEME("unsupported_scheme"),
    /** A URL (or redirect Location) the fetcher cannot use: no host, unparsable. */
    INVALID_URL("invalid_url"),
    /** The Content-Encoding could not be decoded (corrupt or truncated gzip, unknown coding). */
    DECODE_ERROR("decode_error"),
    HTTP_4XX("http_4xx"),
    /**
     * A bot-protection service answered instead of the publisher (Cloudflare {@code cf-mitigated:
     * challenge}, or a known interstitial page, see {@link org.newsingest.fetch.BotChallenge}): backed off on its own
     * schedule, never taken for the feed being gone.
     */
    BOT_CHALLENGE("bot-challenge"),
    /** 401 or 403: the feed needs credentials it was not given, or refused the ones it was given. */
    AUTH_FAILED("auth_failed"),
    HTTP_5XX("http_5xx"),
    /** 429, or 503 with a Retry-After. */
    RATE_LIMITED("rate_limited"),
    /** 410: the publisher removed the feed. */
    GONE("gone"),
    /** A 200 that parsed to zero items although the last document had items: recorded, not trusted. */
    SUSPICIOUS_EMPTY("suspicious_empty"),
    /**
     * The document was read but could not be stored as a whole (database unreachable, transaction
     * timeout, an unexpected store error): nothing of it was kept, and it is polled again after
     * the failure backoff.
     */
    STORE_FAILED("store_failed");

    private final String code;

    PollError(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }
}
