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
        String contentSource,
        String author,
        String language,
        Instant publishedAt,
        Instant updatedAt,
        Instant firstSeenAt,
        List<String> categories,
        List<Topic> topics,
        List<EnclosureRef> enclosures,
        String duplicateOf,
        List<String> changedFields,
        Extraction extraction) {

    /** Like the event itself, an unknown value is left out rather than sent as null. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record FeedRef(long id, String url, String title) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record EnclosureRef(String url, String type, Long length) {}

    /**
     * What fetching the article page gave: {@code outcome} is {@code pending}, {@code extracted},
     * {@code skipped}, {@code paywalled} or {@code failed}; {@code reason} says why for the last
     * three; {@code finalUrl} is where the page's redirects ended; {@code canonicalUrl} and
     * {@code image} are what the page declared (the final and canonical URLs join the story's
     * identity: docs/dedupe.md, "Page URLs"); {@code metadataSources} names, per field the page filled or declared
     * ({@code author}, {@code publishedAt}, {@code language}, {@code image}, {@code canonicalUrl}),
     * where on the page the value came from.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Extraction(String outcome, String reason, String finalUrl, String canonicalUrl, String image,
                             java.util.Map<String, String> metadataSources) {

        public static Extraction of(String outcome, String reason) {
            return new Extraction(outcome, reason, null, null, null, null);
        }
    }
}
