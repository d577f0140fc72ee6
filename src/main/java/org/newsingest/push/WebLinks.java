package org.newsingest.push;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The links of HTTP {@code Link} header values (RFC 8288 §3): {@code <target>} followed by
 * parameters, several links per value separated by commas. Only {@code rel} is read; its value
 * may list several relation types separated by spaces. Targets are resolved against the URL of
 * the response; a value that does not follow the grammar yields the links read before the fault.
 */
final class WebLinks {

    /** One link: its resolved target and its relation types, lower-cased. */
    record Link(URI target, List<String> rels) {}

    private WebLinks() {}

    static List<Link> parse(List<String> headerValues, URI context) {
        List<Link> links = new ArrayList<>();
        for (String value : headerValues) {
            new Reader(value).readAll(context, links);
        }
        return links;
    }

    /** The targets of the links with relation {@code rel}, in header order. */
    static List<URI> targets(List<Link> links, String rel) {
        return links.stream().filter(link -> link.rels().contains(rel)).map(Link::target).toList();
    }

    private static final class Reader {
        private final String s;
        private int i;

        Reader(String s) {
            this.s = s;
        }

        void readAll(URI context, List<Link> into) {
            while (true) {
                skipSpace();
                if (i >= s.length() || s.charAt(i) != '<') {
                    return;
                }
                int end = s.indexOf('>', i);
                if (end < 0) {
                    return;
                }
                String target = s.substring(i + 1, end).strip();
                i = end + 1;
                List<String> rels = new ArrayList<>();
                while (true) {
                    skipSpace();
                    if (i >= s.length() || s.charAt(i) != ';') {
                        break;
                    }
                    i++;
                    skipSpace();
                    String name = token().toLowerCase(Locale.ROOT);
                    skipSpace();
                    String value = "";
                    if (i < s.length() && s.charAt(i) == '=') {
                        i++;
                        skipSpace();
                        value = i < s.length() && s.charAt(i) == '"' ? quoted() : token();
                    }
                    // RFC 8288 §3.3: only the first rel parameter counts.
                    if (name.equals("rel") && rels.isEmpty()) {
                        for (String rel : value.strip().split("\\s+")) {
                            if (!rel.isEmpty()) {
                                rels.add(rel.toLowerCase(Locale.ROOT));
                            }
                        }
                    }
                }
                resolve(context, target).ifPresent(uri -> into.add(new Link(uri, List.copyOf(rels))));
                skipSpace();
                if (i < s.length() && s.charAt(i) == ',') {
                    i++;
                } else {
                    return;
                }
            }
        }

        private String token() {
            int start = i;
            while (i < s.length() && ";,= \t\"".indexOf(s.charAt(i)) < 0) {
                i++;
            }
            return s.substring(start, i);
        }

        private String quoted() {
            StringBuilder value = new StringBuilder();
            i++;
            while (i < s.length() && s.charAt(i) != '"') {
                if (s.charAt(i) == '\\' && i + 1 < s.length()) {
                    i++;
                }
                value.append(s.charAt(i++));
            }
            i++;
            return value.toString();
        }

        private void skipSpace() {
            while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == '\t')) {
                i++;
            }
        }
    }

    private static Optional<URI> resolve(URI context, String target) {
        try {
            return Optional.of(context == null ? new URI(target) : context.resolve(new URI(target)));
        } catch (Exception e) {
            return Optional.empty();
        }
    }
}
