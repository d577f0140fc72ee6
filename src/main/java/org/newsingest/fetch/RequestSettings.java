package org.newsingest.fetch;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A feed's own request settings: extra headers (credentials such as {@code Authorization} or
 * {@code Cookie}) and a User-Agent in place of the service's. Header values are secrets: this
 * record's {@link #toString()} names the headers only, and the fetcher sends them to the feed's
 * own origin only (a redirect to another scheme, host or port drops them).
 */
public record RequestSettings(Map<String, String> headers, Optional<String> userAgent) {

    public static final RequestSettings NONE = new RequestSettings(Map.of(), Optional.empty());

    public RequestSettings {
        headers = Map.copyOf(headers);
    }

    @Override
    public String toString() {
        return "RequestSettings[headers=" + new TreeMap<>(headers).keySet() + ", userAgent=" + userAgent.isPresent() + "]";
    }
}
