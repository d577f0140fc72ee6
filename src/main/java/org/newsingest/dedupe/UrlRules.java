package org.newsingest.dedupe;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.newsingest.config.IngestConfig;

/**
 * Story keys read from URLs: a publisher whose article ids are unique across all its sites names
 * the story in the URL itself, so the same id on two hosts is one story even when headline and
 * summary differ (RFE/RL: {@code /a/<slug>/33640001.html} on www.rferl.org and {@code /a/33640001.html}
 * on a language-service site are {@code rferl:33640001}).
 */
public final class UrlRules {

    private final List<Rule> rules;

    private UrlRules(List<Rule> rules) {
        this.rules = rules;
    }

    public static UrlRules of(Map<String, IngestConfig.UrlRule> configured) {
        return new UrlRules(configured.entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .map(e -> new Rule(e.getValue().prefix().orElse(e.getKey()),
                        e.getValue().hosts().stream().map(UrlRules::domain).toList(),
                        Pattern.compile(e.getValue().path())))
                .toList());
    }

    /** The story key of {@code url}, e.g. {@code rferl:33640001}, if a rule knows its shape. */
    public Optional<String> storyKey(String url) {
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        if (uri.getHost() == null || uri.getRawPath() == null) {
            return Optional.empty();
        }
        String host = uri.getHost().toLowerCase(Locale.ROOT);
        for (Rule rule : rules) {
            if (rule.appliesTo(host)) {
                Matcher path = rule.path().matcher(uri.getRawPath());
                if (path.matches()) {
                    return Optional.of(rule.prefix() + ":" + path.group("id"));
                }
            }
        }
        return Optional.empty();
    }

    private static String domain(String pattern) {
        String domain = pattern.trim().toLowerCase(Locale.ROOT);
        return domain.startsWith("*.") ? domain.substring(2) : domain;
    }

    private record Rule(String prefix, List<String> domains, Pattern path) {

        boolean appliesTo(String host) {
            return domains.stream().anyMatch(domain -> host.equals(domain) || host.endsWith("." + domain));
        }
    }
}
