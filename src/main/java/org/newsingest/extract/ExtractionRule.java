package org.newsingest.extract;

import java.net.URI;
import java.util.Locale;
import java.util.Optional;

/**
 * When a new story's article page is fetched for its body. The rule, in order:
 * <ol>
 *   <li>never when extraction is off ({@code ingest.extract.enabled=false}) or the feed opted out
 *       ({@code "extract": false});
 *   <li>never without an absolute http(s) link: there is no page to fetch;
 *   <li>never when the feed already carries the article: its {@code contentText} has at least
 *       {@code ingest.extract.min-feed-body} characters (a {@code content:encoded} or Atom
 *       {@code content} with the whole story; teasers and one-line descriptions are far shorter);
 *   <li>otherwise always: the entry has no text, or only a teaser.
 * </ol>
 */
public final class ExtractionRule {

    private ExtractionRule() {}

    /** Whether the story's page is worth fetching, and if not, why (for tests and logs). */
    public sealed interface Decision {
        record Fetch(URI page) implements Decision {}

        record Skip(String why) implements Decision {}
    }

    public static Decision decide(boolean enabled, boolean feedAllows, Optional<String> link, Optional<String> feedBody, int minFeedBody) {
        if (!enabled) {
            return new Decision.Skip("extraction is off");
        }
        if (!feedAllows) {
            return new Decision.Skip("the feed opted out");
        }
        Optional<URI> page = link.flatMap(ExtractionRule::pageUrl);
        if (page.isEmpty()) {
            return new Decision.Skip("no http(s) link");
        }
        int length = feedBody.map(String::strip).map(String::length).orElse(0);
        if (length >= minFeedBody) {
            return new Decision.Skip("the feed carries " + length + " characters of text");
        }
        return new Decision.Fetch(page.get());
    }

    private static Optional<URI> pageUrl(String link) {
        try {
            URI url = new URI(link.strip());
            String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
            return (scheme.equals("http") || scheme.equals("https")) && url.getHost() != null ? Optional.of(url) : Optional.empty();
        } catch (java.net.URISyntaxException e) {
            return Optional.empty();
        }
    }
}
