package org.newsingest.console;

import java.time.Instant;
import java.util.List;
import org.newsingest.feed.Feed;
import org.newsingest.feed.FeedState;
import org.newsingest.feed.FetchLogEntry;

/** A feed and its fetches as table rows. */
final class FeedRows {

    private FeedRows() {}

    static Views.FeedRow row(Feed feed, List<Double> itemsPerDay, Instant now) {
        List<Double> days = itemsPerDay == null ? List.of() : itemsPerDay;
        double total = days.stream().mapToDouble(Double::doubleValue).sum();
        String nextPoll = feed.state == FeedState.PAUSED || feed.state == FeedState.GONE ? "not polled" : Figures.relative(feed.nextPollAt, now);
        return new Views.FeedRow(feed.id, feed.title == null || feed.title.isBlank() ? feed.url : feed.title, feed.url, host(feed),
                feed.state.wireName(), Figures.time(feed.lastFetchedAt), Figures.relative(feed.lastFetchedAt, now),
                feed.lastStatus == null ? "no status" : "HTTP " + feed.lastStatus, Figures.error(feed.lastError, feed.lastStatus),
                feed.lastErrorDetail == null ? "" : feed.lastErrorDetail, nextPoll, feed.consecutiveFailures,
                Svg.line(days, 112, 24),
                Figures.number(total) + " new items in " + ConsoleFeeds.SPARK_DAYS + " days"
                        + (days.isEmpty() ? "" : ", " + Figures.number(days.get(days.size() - 1)) + " today"));
    }

    static Views.FetchRow fetch(FetchLogEntry entry) {
        return new Views.FetchRow(Figures.time(entry.fetchedAt), entry.outcome.replace('_', ' '),
                entry.httpStatus == null ? "—" : String.valueOf(entry.httpStatus), Figures.error(entry.errorCode, entry.httpStatus),
                entry.detail == null ? "" : entry.detail, entry.bytes, entry.durationMs, entry.itemsNew, entry.itemsSeen);
    }

    private static String host(Feed feed) {
        try {
            String host = java.net.URI.create(feed.url).getHost();
            return host == null ? "" : host;
        } catch (IllegalArgumentException e) {
            return "";
        }
    }
}
