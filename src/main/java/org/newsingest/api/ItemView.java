package org.newsingest.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import java.time.Instant;
import java.util.List;
import org.newsingest.publish.ItemEvent;

/**
 * A stored item: exactly the body of its latest event, plus its lineage on the single-item call,
 * so an API client and a topic consumer read the same fields.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ItemView(@JsonUnwrapped ItemEvent item, List<Sighting> lineage) {

    /** One feed entry this item was seen as, and why it was judged to be this item. */
    public record Sighting(long feedId, String feedUrl, String url, String guid, String matchReason, String explanation, Instant seenAt) {}

    /** A page of items; {@code nextCursor} is absent on the last page. */
    public record Page(List<ItemView> items, String nextCursor) {}
}
