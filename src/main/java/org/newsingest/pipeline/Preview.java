package org.newsingest.pipeline;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.newsingest.publish.ItemEvent;
import org.newsingest.tag.Topic;

/** What {@code POST /api/v1/preview} answers: the feed as a poll would store and publish it now. */
public sealed interface Preview {

    /** The fetch or the parse failed: the stable code a poll would record. */
    record Failed(int status, String code, String detail) implements Preview {}

    record Document(
            String url,
            String finalUrl,
            boolean subscribed,
            Long feedId,
            String format,
            String title,
            String link,
            String language,
            Duration ttl,
            List<String> warnings,
            int itemCount,
            List<Entry> items) implements Preview {}

    record Entry(
            int position,
            String identityKey,
            String guid,
            String url,
            String canonicalUrl,
            String title,
            String language,
            Instant publishedAt,
            Instant updatedAt,
            List<String> categories,
            List<Topic> topics,
            List<String> flags,
            Decision decision,
            String eventType,
            ItemEvent event) {}

    /**
     * @param outcome {@code new}, {@code revision}, {@code unchanged}, {@code duplicate} or {@code refused}
     * @param reason why, in words
     * @param matchedItemId the stored item it was matched with, if any
     * @param changedFields for a revision, the event fields that change
     */
    record Decision(String outcome, String reason, String matchedItemId, List<String> changedFields) {}
}
