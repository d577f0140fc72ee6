package org.newsingest.api;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.newsingest.feed.Feed;
import org.newsingest.feed.FeedQuery;
import org.newsingest.feed.FeedState;
import org.newsingest.fetch.UrlSecrets;

/** A feed and its polling state, as the API shows it. */
@Schema(name = "Feed", description = "A subscribed feed, its polling state and its counters.")
public record FeedView(
        long id,
        String url,
        String title,
        List<String> tags,
        Duration pollInterval,
        boolean enabled,
        @Schema(enumeration = {"active", "paused", "failing", "gone"})
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
        boolean extract) {

    static FeedView of(Feed feed, FeedQuery.Counters counters) {
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
                feed.extract);
    }
}
