package org.newsingest.discover;

import java.net.URI;
import java.util.List;
import java.util.Optional;

/** What looking at a URL a subscriber gave found out. */
public sealed interface Discovery {

    /**
     * Subscribe the URL as given: it is a feed (or a news sitemap), or it could not be fetched
     * now (the polls will record why), or it is not a web page either.
     */
    record AsGiven() implements Discovery {}

    /**
     * The URL is a web page that leads to a feed: {@code feed} is the one chosen, {@code how}
     * says how it was found ({@code advertised} by {@code <link rel="alternate">}, or a
     * {@code well-known path}), {@code seen} lists every advertised feed in the order of the rule,
     * and {@code newsSitemap} is the Google News sitemap the site's robots.txt lists, if any
     * (pipeline.RobotsSitemaps has the rule).
     */
    record Found(URI page, URI feed, String how, List<Alternates.Candidate> seen, Optional<URI> newsSitemap) implements Discovery {}

    /** The URL is a web page, and neither its alternates nor the well-known paths gave a feed. */
    record NoFeed(URI page, List<Alternates.Candidate> seen, List<String> tried) implements Discovery {
        public String detail() {
            return "the URL is a web page, not a feed, and no feed was found: " + (seen.isEmpty()
                    ? "it advertises none (<link rel=\"alternate\">)" : "none of the " + seen.size() + " feeds it advertises could be read")
                    + ", and none of " + String.join(", ", tried) + " is a feed";
        }
    }
}
