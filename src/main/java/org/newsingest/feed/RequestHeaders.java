package org.newsingest.feed;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.newsingest.fetch.FeedFetcher;

/**
 * Which per-feed request headers may be set. The problems name the header, never its value (a secret).
 * Headers the fetcher owns (framing, conditional GET, encoding, the host) cannot be overridden.
 */
final class RequestHeaders {

    static final int MAX_HEADERS = 20;
    static final int MAX_VALUE_LENGTH = 4096;
    private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]{1,100}");
    private static final Set<String> RESERVED = Set.of("host", "content-length", "transfer-encoding", "connection", "te", "upgrade",
            "accept-encoding", "if-none-match", "if-modified-since", "keep-alive", "proxy-connection", "trailer", "user-agent");

    private RequestHeaders() {}

    static Optional<String> problemWith(Map<String, String> headers) {
        if (headers.size() > MAX_HEADERS) {
            return Optional.of("at most " + MAX_HEADERS + " headers");
        }
        for (Map.Entry<String, String> header : headers.entrySet()) {
            String name = header.getKey();
            if (name == null || !TOKEN.matcher(name).matches()) {
                return Optional.of("a header name must be an HTTP token of at most 100 characters");
            }
            if (RESERVED.contains(name.toLowerCase(Locale.ROOT))) {
                return Optional.of("header " + name + " is set by the fetcher itself" + (name.equalsIgnoreCase("user-agent") ? " (use userAgent)" : ""));
            }
            String value = header.getValue();
            if (value == null || value.length() > MAX_VALUE_LENGTH || !isSendable(value)) {
                return Optional.of("the value of header " + name + " must be printable text of at most " + MAX_VALUE_LENGTH + " characters");
            }
        }
        return Optional.empty();
    }

    /** At most {@link #MAX_VALUE_LENGTH} characters that can be sent in a header line as they are. */
    static boolean isSendable(String value) {
        return value.length() <= MAX_VALUE_LENGTH && FeedFetcher.isSendable(value);
    }
}
