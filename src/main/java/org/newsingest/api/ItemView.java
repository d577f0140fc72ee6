package org.newsingest.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;

/** A stored item with the same field names as the event body, plus its lineage on the single-item call. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ItemView(
        String itemId,
        String storyId,
        int revision,
        long feedId,
        String url,
        String canonicalUrl,
        String guid,
        String title,
        String summary,
        String contentText,
        String author,
        String language,
        Instant publishedAt,
        Instant updatedAt,
        Instant firstSeenAt,
        List<String> categories,
        JsonNode topics,
        JsonNode enclosures,
        List<Sighting> lineage) {

    /** One feed entry this item was seen as, and why it was judged to be this item. */
    public record Sighting(long feedId, String feedUrl, String url, String guid, String matchReason, String explanation, Instant seenAt) {}

    /** A page of items; {@code nextCursor} is absent on the last page. */
    public record Page(List<ItemView> items, String nextCursor) {}
}
