package org.newsingest.feed;

import java.util.Map;
import java.util.Optional;
import org.newsingest.filter.FeedFilters;

/**
 * What a subscription says about how its source is read, beyond the URL: its entry filters, its
 * request headers (secrets: write-only), User-Agent and proxy, and the outlet's news sitemap (read after a gap). An empty value means "not said" (a change
 * leaves it alone; a new subscription has none); an empty map or string clears the setting.
 */
public record SourceSettings(Optional<FeedFilters> filters, Optional<Map<String, String>> headers, Optional<String> userAgent,
                             Optional<String> sitemapUrl, Optional<String> proxy) {

    public static final SourceSettings NONE = new SourceSettings(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
            Optional.empty());

    public boolean isEmpty() {
        return filters.isEmpty() && headers.isEmpty() && userAgent.isEmpty() && sitemapUrl.isEmpty() && proxy.isEmpty();
    }

    /** Names the headers only and says only whether a proxy is set: the values are secrets. */
    @Override
    public String toString() {
        return "SourceSettings[filters=" + filters + ", headers=" + headers.map(Map::keySet) + ", userAgent=" + userAgent + ", sitemapUrl=" + sitemapUrl
                + ", proxy=" + proxy.isPresent() + "]";
    }
}
