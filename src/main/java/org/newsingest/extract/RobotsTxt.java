package org.newsingest.extract;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The rules of one {@code robots.txt} for one agent, as RFC 9309 reads them:
 * <ul>
 *   <li>groups start with one or more {@code User-agent} lines; the group(s) naming our product
 *       token (case-insensitively) apply, else the {@code *} group(s), else nothing is disallowed;
 *       several groups for the same agent are merged;
 *   <li>of the {@code Allow}/{@code Disallow} rules matching the URL's path and query, the longest
 *       pattern wins, and {@code Allow} wins a tie; an empty {@code Disallow} disallows nothing;
 *   <li>{@code *} in a pattern matches any run of characters, a final {@code $} anchors it at the end;
 *   <li>{@code Crawl-delay} (not in the RFC, widely used) of the chosen group is kept; garbage is ignored;
 *   <li>{@code /robots.txt} itself is always allowed; unknown lines and anything unparsable are skipped;
 *   <li>{@code Sitemap} lines belong to no group and are kept for anyone who asks (sources read news sitemaps from them).
 * </ul>
 */
public final class RobotsTxt {

    /** Nothing disallowed: no robots.txt (4xx), or one without a group for us. */
    public static final RobotsTxt ALLOW_ALL = new RobotsTxt(List.of(), Optional.empty(), List.of(), Optional.empty());

    /** Longest Crawl-delay taken seriously: a larger one is read as this. */
    static final Duration MAX_CRAWL_DELAY = Duration.ofSeconds(60);

    /** {@code Sitemap:} lines kept of one file (some list thousands). */
    static final int MAX_SITEMAPS = 50;

    private final List<Rule> rules;
    private final Optional<Duration> crawlDelay;
    private final List<URI> sitemaps;
    private final Optional<String> unreachable;

    private RobotsTxt(List<Rule> rules, Optional<Duration> crawlDelay, List<URI> sitemaps, Optional<String> unreachable) {
        this.rules = rules;
        this.crawlDelay = crawlDelay;
        this.sitemaps = sitemaps;
        this.unreachable = unreachable;
    }

    /**
     * Everything disallowed because the host's robots.txt could not be read (a 5xx, a 429, a
     * timeout, a network error): RFC 9309 §2.3.1.4 has crawlers assume complete disallow then.
     * {@code why} says what went wrong, for the recorded detail.
     */
    public static RobotsTxt unreachable(String why) {
        return new RobotsTxt(List.of(new Rule("/", false)), Optional.empty(), List.of(), Optional.of(why));
    }

    private record Rule(String pattern, boolean allow) {}

    /** One group while parsing: its agents, rules and crawl delay. */
    private static final class Group {
        final List<String> agents = new ArrayList<>();
        final List<Rule> rules = new ArrayList<>();
        Optional<Duration> crawlDelay = Optional.empty();
    }

    /** The rules of {@code text} for the agent whose product token is {@code agentToken}. */
    public static RobotsTxt parse(String text, String agentToken) {
        List<Group> groups = new ArrayList<>();
        Group current = null;
        boolean inAgentLines = false;
        List<URI> sitemaps = new ArrayList<>();
        for (String raw : text.split("\r\n|\r|\n")) {
            int hash = raw.indexOf('#');
            String line = (hash >= 0 ? raw.substring(0, hash) : raw).strip();
            int colon = line.indexOf(':');
            if (colon <= 0) {
                continue;
            }
            String field = line.substring(0, colon).strip().toLowerCase(Locale.ROOT);
            String value = line.substring(colon + 1).strip();
            if (field.equals("sitemap")) {
                // RFC 9309 §2.2.4: not part of any group, wherever it stands.
                sitemap(value).filter(url -> sitemaps.size() < MAX_SITEMAPS && !sitemaps.contains(url)).ifPresent(sitemaps::add);
                continue;
            }
            if (field.equals("user-agent")) {
                if (current == null || !inAgentLines) {
                    current = new Group();
                    groups.add(current);
                }
                current.agents.add(value.toLowerCase(Locale.ROOT));
                inAgentLines = true;
                continue;
            }
            inAgentLines = false;
            if (current == null) {
                continue; // rules before any User-agent line belong to no group
            }
            switch (field) {
                case "allow" -> {
                    if (!value.isEmpty()) {
                        current.rules.add(new Rule(value, true));
                    }
                }
                case "disallow" -> {
                    if (!value.isEmpty()) {
                        current.rules.add(new Rule(value, false));
                    }
                }
                case "crawl-delay" -> {
                    Optional<Duration> delay = seconds(value);
                    if (delay.isPresent()) {
                        current.crawlDelay = delay;
                    }
                }
                default -> { /* Host, unknown: not ours to obey */ }
            }
        }
        String token = agentToken.toLowerCase(Locale.ROOT);
        List<Group> chosen = groups.stream().filter(g -> g.agents.contains(token)).toList();
        if (chosen.isEmpty()) {
            chosen = groups.stream().filter(g -> g.agents.contains("*")).toList();
        }
        List<Rule> rules = new ArrayList<>();
        Optional<Duration> delay = Optional.empty();
        for (Group group : chosen) {
            rules.addAll(group.rules);
            if (delay.isEmpty()) {
                delay = group.crawlDelay;
            }
        }
        return new RobotsTxt(List.copyOf(rules), delay, List.copyOf(sitemaps), Optional.empty());
    }

    /** The {@code Sitemap:} URLs, in the file's order: absolute http(s) URLs only, at most {@link #MAX_SITEMAPS}. */
    public List<URI> sitemaps() {
        return sitemaps;
    }

    private static Optional<URI> sitemap(String value) {
        try {
            URI url = new URI(value);
            String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
            return (scheme.equals("http") || scheme.equals("https")) && url.getHost() != null ? Optional.of(url) : Optional.empty();
        } catch (java.net.URISyntaxException e) {
            return Optional.empty();
        }
    }

    /** Whether {@code url} may be fetched. */
    public boolean allows(URI url) {
        String path = url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath();
        if (path.equals("/robots.txt")) {
            return true;
        }
        String target = url.getRawQuery() == null ? path : path + "?" + url.getRawQuery();
        Rule best = null;
        for (Rule rule : rules) {
            if (matches(rule.pattern(), target)
                    && (best == null || rule.pattern().length() > best.pattern().length()
                        || (rule.pattern().length() == best.pattern().length() && rule.allow()))) {
                best = rule;
            }
        }
        return best == null || best.allow();
    }

    /** Why the rules are unknown, when the host's robots.txt was unreachable: then nothing but {@code /robots.txt} is allowed. */
    public Optional<String> unreachable() {
        return unreachable;
    }

    /** The group's Crawl-delay, at most {@link #MAX_CRAWL_DELAY}. */
    public Optional<Duration> crawlDelay() {
        return crawlDelay;
    }

    /**
     * Whether {@code pattern} matches the start of {@code path} ({@code *}: any run of characters;
     * a final {@code $}: the end of the path). Greedy with one backtrack point, linear in practice.
     */
    static boolean matches(String pattern, String path) {
        boolean anchored = pattern.endsWith("$");
        String p = anchored ? pattern.substring(0, pattern.length() - 1) : pattern;
        int pi = 0;
        int si = 0;
        int star = -1;
        int resume = 0;
        while (si < path.length()) {
            if (pi == p.length() && !anchored) {
                return true; // a prefix of the path matched
            }
            if (pi < p.length() && p.charAt(pi) == '*') {
                star = pi++;
                resume = si;
            } else if (pi < p.length() && p.charAt(pi) == path.charAt(si)) {
                pi++;
                si++;
            } else if (star >= 0) {
                pi = star + 1;
                si = ++resume;
            } else {
                return false;
            }
        }
        while (pi < p.length() && p.charAt(pi) == '*') {
            pi++;
        }
        return pi == p.length();
    }

    private static Optional<Duration> seconds(String value) {
        try {
            double seconds = Double.parseDouble(value);
            if (!(seconds >= 0) || Double.isInfinite(seconds)) {
                return Optional.empty();
            }
            Duration delay = Duration.ofMillis((long) (Math.min(seconds, MAX_CRAWL_DELAY.toSeconds()) * 1000));
            return Optional.of(delay);
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
