package org.newsingest.parse;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Optional;

/** RFC 3986 reference resolution on top of {@link URI}, which still follows RFC 2396 in corner cases. */
final class Uris {

    private Uris() {}

    static Optional<URI> parse(String value) {
        if (value == null) {
            return Optional.empty();
        }
        String s = value.strip();
        try {
            return Optional.of(new URI(s));
        } catch (URISyntaxException e) {
            try {
                // Spaces and other characters that real feeds leave unescaped.
                return Optional.of(new URI(s.replace(" ", "%20").replace("|", "%7C").replace("\"", "%22")
                        .replace("<", "%3C").replace(">", "%3E").replace("^", "%5E").replace("`", "%60")
                        .replace("{", "%7B").replace("}", "%7D").replace("\\", "%5C")));
            } catch (URISyntaxException e2) {
                return Optional.empty();
            }
        }
    }

    static URI resolve(URI base, URI ref) {
        if (ref.isAbsolute() || base.isOpaque()) {
            return ref;
        }
        String raw = ref.toString();
        try {
            if (raw.isEmpty()) {
                return withoutFragment(base);
            }
            if (raw.startsWith("#")) {
                return new URI(withoutFragment(base).toString() + raw);
            }
            if (raw.startsWith("?")) {
                String b = withoutFragment(base).toString();
                int q = b.indexOf('?');
                return new URI((q >= 0 ? b.substring(0, q) : b) + raw);
            }
            URI resolved = base.resolve(ref);
            // URI.resolve keeps "/../" segments that climb above the root; RFC 3986 drops them.
            String path = resolved.getRawPath();
            if (path != null && path.startsWith("/..")) {
                String fixed = path;
                while (fixed.startsWith("/../")) {
                    fixed = fixed.substring(3);
                }
                if (fixed.equals("/..")) {
                    fixed = "/";
                }
                return new URI(resolved.getScheme() + "://" + resolved.getRawAuthority() + fixed
                        + (resolved.getRawQuery() == null ? "" : "?" + resolved.getRawQuery())
                        + (resolved.getRawFragment() == null ? "" : "#" + resolved.getRawFragment()));
            }
            if (resolved.getRawAuthority() != null && (path == null || path.isEmpty())) {
                return new URI(resolved.getScheme() + "://" + resolved.getRawAuthority() + "/"
                        + (resolved.getRawQuery() == null ? "" : "?" + resolved.getRawQuery())
                        + (resolved.getRawFragment() == null ? "" : "#" + resolved.getRawFragment()));
            }
            return resolved;
        } catch (URISyntaxException | IllegalArgumentException e) {
            return ref;
        }
    }

    /** {@code value} resolved against {@code base}; unchanged when either is not a usable URI. */
    static String resolve(Optional<URI> base, String value) {
        if (value == null) {
            return null;
        }
        String s = value.strip();
        if (base.isEmpty()) {
            return s;
        }
        Optional<URI> ref = parse(s);
        if (ref.isEmpty()) {
            return s;
        }
        if (ref.get().isAbsolute()) {
            return s;
        }
        return resolve(base.get(), ref.get()).toString();
    }

    private static URI withoutFragment(URI uri) throws URISyntaxException {
        String s = uri.toString();
        int hash = s.indexOf('#');
        return hash < 0 ? uri : new URI(s.substring(0, hash));
    }
}
