package org.newsingest.api;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.newsingest.feed.Feed;
import org.newsingest.feed.FeedQuery;
import org.newsingest.feed.FeedState;
import org.newsingest.filter.FeedFilters;

/** A feed and its polling state, as the API shows it. */
@Schema(name = "Feed", description = "A subscribed feed, its polling state and its counters.")
public record FeedView(
        long id,
        String url,
        String title,
        List<String> tags,
        Duration pollInterval,
        boolean enabled,
        @Schema(enumeration = {"active", "paused", "failing", "gone", "challenged"},
                description = "challenged: a bot-protection service answered instead of the feed (lastError bot-challenge); retried on its own back-off")
        String state,
        String origin,
        Instant lastFetchedAt,
        Integer lastStatus,
        String lastError,
        String lastErrorDetail,
        Instant nextPollAt,
        @Schema(description = "Failure streak: failed polls in a row since the last success (0 when healthy).")
        int consecutiveFailures,
        @Schema(description = "Items seen in this feed, all time (including items first stored from other feeds).")
        long itemCount,
        @Schema(description = "New items first stored from this feed in the last 24 hours.")
        long itemsLast24h,
        @Schema(description = "When this feed last brought a new item; null if it never did.")
        Instant lastNewItemAt,
        Instant createdAt,
        @Schema(description = "Keep and block rules (RE2) for the feed's entries; block wins over keep, an empty keep list keeps all.")
        FeedFilters filters,
        @Schema(description = "Entries the filters dropped, all time: stored as filtered with their rule, never published.")
        long filteredCount,
        @Schema(description = "The names of the request headers sent with each poll; their values are secrets and never shown.")
        List<String> headerNames,
        @Schema(description = "The User-Agent sent in place of the service's; null for the service's.")
        String userAgent,
        @Schema(description = "The outlet's news sitemap, read for missed entries after a gap or a downtime; null for none.")
        String sitemapUrl,
        @Schema(description = "Polls whose document shared no entry with the previous one and brought only new entries: entries may have been missed.")
        int gapCount,
        @Schema(description = "When the last gap was seen; null if never.")
        Instant lastGapAt) {

    static FeedView of(Feed feed, FeedQuery.Counters counters) {
        return new FeedView(
                feed.id,
                feed.url,
                feed.title,
                feed.tags,
                feed.pollInterval().orElse(null),
                feed.state != FeedState.PAUSED,
                feed.state.wireName(),
                feed.origin,
                feed.lastFetchedAt,
                feed.lastStatus,
                feed.lastError,
                feed.lastErrorDetail,
                feed.nextPollAt,
                feed.consecutiveFailures,
                counters.itemCount(),
                counters.itemsLast24h(),
                counters.lastNewItemAt(),
                feed.createdAt,
                feed.filters == null ? FeedFilters.NONE : feed.filters,
                feed.filteredCount,
                List.copyOf(feed.requestHeaderNames),
                feed.userAgent,
                feed.sitemapUrl,
                feed.gapCount,
                feed.lastGapAt);
    }
}
