package org.newsingest.pipeline;

import org.newsingest.feed.PollError;

/** What became of a document a WebSub hub pushed. */
public sealed interface PushResult {

    /** Stable name: the outcome label of {@code ingest_websub_pushes_total}. */
    String outcome();

    /** Stored like a poll's document; {@code summary} counts the store's decisions. */
    record Stored(PollSummary summary) implements PushResult {
        @Override
        public String outcome() {
            return "stored";
        }
    }

    /** The body is no feed, or not one we can read: nothing stored, the reason recorded. */
    record Refused(PollError error, String detail) implements PushResult {
        @Override
        public String outcome() {
            return "refused";
        }
    }

    /** The feed is deleted, paused or gone: a push is no reason to store anything for it. */
    record FeedInactive() implements PushResult {
        @Override
        public String outcome() {
            return "feed_inactive";
        }
    }
}
