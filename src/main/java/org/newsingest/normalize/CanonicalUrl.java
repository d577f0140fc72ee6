package org.newsingest.normalize;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The form of a URL under which two links to the same story compare equal: scheme and host
 * lower-cased, default port, fragment and tracking parameters dropped. Path and the remaining
 * query are kept as they are, because publishers do use case and query to tell stories apart.
 */
public final class CanonicalUrl {

    /** Query parameters that track the reader, not name the page. */
    private static final Set<String> TRACKING_PARAMETERS = Set.of(
            "fbclid", "gclid", "dclid", "gbraid", "wbraid", "msclkid", "yclid", "mc_cid", "mc_eid",
            "igshid", "_ga", "_gl", "ref_src", "cmpid", "xtor", "at_medium", "at_campaign", "ocid", "ito");

    private CanonicalUrl() {}

    /** The canonical form, or empty when {@code url} is not an absolute http(s) URL. */
    public static Optional<String> of(String url) {
        if (url == null || url.isBlank()) {
            return Optional.empty();
        }
        URI uri;
        try {
            uri = new URI(url.strip());
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
        String scheme = uri.getScheme() == null ? null : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!"http".equals(scheme) && !"https".equals(scheme) || uri.getRawAuthority() == null || uri.getHost() == null) {
            return Optional.empty();
        }
        String host = uri.getHost().toLowerCase(Locale.ROOT);
        if (host.endsWith(".")) {
            host = host.substring(0, host.length() - 1);
        }
        int port = uri.getPort();
        boolean defaultPort = port == -1 || ("http".equals(scheme) && port == 80) || ("https".equals(scheme) && port == 443);
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        String query = uri.getRawQuery() == null ? null : withoutTracking(uri.getRawQuery());

        StringBuilder canonical = new StringBuilder(scheme).append("://").append(host);
        if (!defaultPort) {
            canonical.append(':').append(port);
        }
        canonical.append(path);
        if (query != null && !query.isEmpty()) {
            canonical.append('?').append(query);
        }
        return Optional.of(canonical.toString());
    }

    private static String withoutTracking(String rawQuery) {
        return Arrays.stream(rawQuery.split("&"))
                .filter(pair -> !pair.isEmpty())
                .filter(pair -> !isTracking(pair.split("=", 2)[0]))
                .collect(Collectors.joining("&"));
    }

    private static boolean isTracking(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return lower.startsWith("utm_") || TRACKING_PARAMETERS.contains(lower);
    }
}
