package org.newsingest.publish;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import org.newsingest.tag.Topic;

/**
 * The body of every item event on Kafka: the public contract downstream services read. Its
 * JSON Schema is {@code src/main/resources/schema/item-event.schema.json}; change both together.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ItemEvent(
        String itemId,
        String storyId,
        int revision,
        FeedRef feed,
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
        List<Topic> topics,
        List<EnclosureRef> enclosures,
        String duplicateOf,
        List<String> changedFields) {

    /** Like the event itself, an unknown value is left out rather than sent as null. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record FeedRef(long id, String url, String title) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record EnclosureRef(String url, String type, Long length) {}
}
