package org.newsingest.fetch;

/** Why a fetch failed. The codes are stable: they are exposed in the API and in metrics. */
public enum FetchError {
    EMPTY_BODY("empty_body"),
    NOT_A_FEED("not_a_feed"),
    PARSE_ERROR("parse_error"),
    TOO_LARGE("too_large"),
    TIMEOUT("timeout"),
    NETWORK_ERROR("network_error"),
    TLS_ERROR("tls_error"),
    TOO_MANY_REDIRECTS("too_many_redirects"),
    INSECURE_REDIRECT("insecure_redirect"),
    BLOCKED_ADDRESS("blocked_address"),
    UNSUPPORTED_SCHEME("unsupported_scheme"),
    HTTP_4XX("http_4xx"),
    HTTP_5XX("http_5xx"),
    RATE_LIMITED("rate_limited"),
    GONE("gone");

    private final String code;

    FetchError(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }
}
