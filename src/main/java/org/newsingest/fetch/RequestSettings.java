package org.newsingest.fetch;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A feed's own request settings: extra headers (credentials such as {@code Authorization} or
 * {@code Cookie}), a User-Agent in place of the service's, and a proxy in place of the service's
 * ({@code ingest.fetch.proxy}). Header values and proxy credentials are secrets: this
 * record's {@link #toString()} names the headers only, and the fetcher sends them to the feed's
 * own origin only (a redirect to another scheme, host or port drops them).
 */
public record RequestSettings(Map<String, String> headers, Optional<String> userAgent, Optional<OutboundProxy> proxy) {

    public static final RequestSettings NONE = new RequestSettings(Map.of(), Optional.empty(), Optional.empty());

    public RequestSettings {
        headers = Map.copyOf(headers);
    }

    /** Headers and User-Agent, through the service's proxy (if one is configured). */
    public RequestSettings(Map<String, String> headers, Optional<String> userAgent) {
        this(headers, userAgent, Optional.empty());
    }

    @Override
    public String toString() {
        return "RequestSettings[headers=" + new TreeMap<>(headers).keySet() + ", userAgent=" + userAgent.isPresent() + ", proxy=" + proxy + "]";
    }
}
