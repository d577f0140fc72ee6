package org.newsingest.pipeline;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.newsingest.dedupe.IdentityPolicy;
import java.util.Map;
import org.newsingest.feed.Feed;
import org.newsingest.fetch.OutboundProxy;
import org.newsingest.fetch.RequestSettings;
import org.newsingest.filter.FeedFilters;

/** What a poll needs to know about its feed, read before the fetch so no transaction stays open during it. */
record FeedSnapshot(
        long id,
        URI url,
        Optional<String> etag,
        Optional<String> lastModified,
        Optional<String> bodyHash,
        List<String> tags,
        Optional<Duration> pollInterval,
        Optional<Integer> lastItemCount,
        IdentityPolicy identityPolicy,
        FeedFilters filters,
        RequestSettings requestSettings,
        Optional<URI> sitemapUrl) {

    /** {@code headers}: the feed's request headers, opened (feed.HeaderSecrets). */
    static FeedSnapshot of(Feed feed, Map<String, String> headers) {
        return of(feed, headers, Optional.empty());
    }

    /** {@code headers} and {@code proxy}: the feed's request headers and own proxy, opened (feed.HeaderSecrets). */
    static FeedSnapshot of(Feed feed, Map<String, String> headers, Optional<OutboundProxy> proxy) {
        return new FeedSnapshot(
                feed.id,
                URI.create(feed.url),
                Optional.ofNullable(feed.etag),
                Optional.ofNullable(feed.lastModified),
                Optional.ofNullable(feed.bodyHash),
                List.copyOf(feed.tags),
                feed.pollInterval(),
                Optional.ofNullable(feed.lastItemCount),
                IdentityPolicy.fromWire(feed.identityPolicy),
                feed.filters == null ? FeedFilters.NONE : feed.filters,
                new RequestSettings(headers, Optional.ofNullable(feed.userAgent), proxy),
                Optional.ofNullable(feed.sitemapUrl).map(URI::create));
    }
}
