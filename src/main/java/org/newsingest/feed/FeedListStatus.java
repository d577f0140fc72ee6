package org.newsingest.feed;

import java.time.Instant;
import java.util.List;

/**
 * Where the feed-list sync of this start stands. The sync runs after the service is ready, so a
 * broken feeds file no longer stops the start: it shows here ({@code GET /api/v1/feeds/list-status}),
 * in the log and in the gauge {@code ingest_feed_list_sync_failed}.
 */
public sealed interface FeedListStatus {

    /** What is synced: the feeds file's path, or {@code bundled}. */
    String source();

    /** Not synced yet: the service has just started. */
    record Pending(String source) implements FeedListStatus {}

    /** Nothing to sync: no feeds file, and the database already has feeds, so the bundled list is not loaded. */
    record NotNeeded(String source) implements FeedListStatus {}

    /**
     * Applied: {@code feeds} entries subscribed or kept; {@code skipped} names each entry that was
     * refused, and why; {@code discovered} names each web page the file lists as "page → feed".
     */
    record Synced(String source, int feeds, List<String> skipped, List<String> discovered, Instant at) implements FeedListStatus {}

    /** The list could not be read or parsed; the feeds stay as they were. */
    record Failed(String source, String error, Instant at) implements FeedListStatus {}
}
