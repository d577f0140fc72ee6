package org.newsingest.api;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import java.net.URI;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.newsingest.discover.Alternates;
import org.newsingest.discover.Discovery;

/** How a web page led to the feed subscribed or previewed (discover.Alternates has the choice rule). */
@Schema(name = "Discovery", description = "The URL given was a web page: the feed chosen, how it was found, and every feed the page advertised.")
public record DiscoveryView(
        @Schema(description = "The URL given (a web page)") String page,
        @Schema(description = "The feed chosen and subscribed (or previewed)") String chosen,
        @Schema(description = "advertised (<link rel=\"alternate\">) or well-known path", enumeration = {"advertised", "well-known path"}) String how,
        @Schema(description = "Every feed the page advertised, in the order of the choice rule: same host first, site feeds before comments feeds, then document order")
        List<Alternates.Candidate> seen,
        @Schema(description = "The Google News sitemap the site's robots.txt lists (Sitemap: lines), kept as the feed's sitemapUrl unless one was given; null for none")
        String newsSitemap) {

    static DiscoveryView of(Discovery.Found found) {
        return new DiscoveryView(found.page().toString(), found.feed().toString(), found.how(), found.seen(),
                found.newsSitemap().map(URI::toString).orElse(null));
    }

    /** A 201 body: the feed, and how its page led to it. */
    public record Subscribed(@JsonUnwrapped FeedView feed, DiscoveryView discovery) {}
}
