package org.newsingest.api;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.newsingest.feed.Feed;
import org.newsingest.feed.FeedState;

/** A feed and its polling state, as the API shows it. */
public record FeedView(
        long id,
        String url,
        String title,
        List<String> tags,
        Duration pollInterval,
        boolean enabled,
        String state,
        String origin,
        Instant lastFetchedAt,
        Integer lastStatus,
        String lastError,
        String lastErrorDetail,
        Instant nextPollAt,
        int consecutiveFailures,
        long itemCount,
        Instant createdAt) {

    static FeedView of(Feed feed, long itemCount) {
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
                itemCount,
                feed.createdAt);
    }
}
