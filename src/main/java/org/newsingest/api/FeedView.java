package org.newsingest.api;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.newsingest.feed.Feed;
import org.newsingest.feed.FeedQuery;
import org.newsingest.feed.FeedState;
import org.newsingest.filter.FeedFilters;
import org.newsingest.fetch.UrlSecrets;
import org.newsingest.push.PushSchedule;

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
        @Schema(description = "Whether new stories' article pages are fetched for their body (\"extract\": false turns it off).")
        boolean extract,
        @Schema(description = "WebSub push: the hub the feed advertises and the subscription's state; null when the feed has no hub or push is off.")
        PushView push,
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
        Instant lastGapAt,
        @Schema(description = "The feed's own proxy, credentials shown as ***; null when it goes through the service's (or none).")
        String proxy) {

    /** A feed's WebSub subscription as the API shows it. */
    @Schema(name = "Push", description = "The feed's WebSub subscription.")
    public record PushView(
            String hub,
            @Schema(enumeration = {"requested", "verified", "denied", "failed", "unsubscribing", "unsubscribed"})
            String state,
            @Schema(description = "When the hub's lease ends; while it runs and pushes come, the feed is polled only at the fallback interval.")
            Instant leaseExpiresAt,
            Instant lastPushAt,
            @Schema(description = "The subscription's last problem: a hub's refusal or denial, an ignored push (bad signature), a refused pushed document.")
            String lastError) {

        static PushView of(PushSchedule.View view) {
            return new PushView(view.hub(), view.state(), view.leaseExpiresAt(), view.lastPushAt(), view.lastError());
        }
    }

    static FeedView of(Feed feed, FeedQuery.Counters counters, Optional<PushSchedule.View> push) {
        return new FeedView(
                feed.id,
                UrlSecrets.redacted(feed.url),
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
                feed.extract,
                push.map(PushView::of).orElse(null),
                feed.filters == null ? FeedFilters.NONE : feed.filters,
                feed.filteredCount,
                List.copyOf(feed.requestHeaderNames),
                feed.userAgent,
                feed.sitemapUrl,
                feed.gapCount,
                feed.lastGapAt,
                feed.proxyShown);
    }
}
