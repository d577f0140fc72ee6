package org.newsingest.console;

import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.newsingest.feed.Feed;
import org.newsingest.publish.ItemEvent;
import org.newsingest.publish.Outbox;
import org.newsingest.store.Item;
import org.newsingest.tag.Topic;

/** Items as the console lists them: as their latest event shows them, with the events the outbox holds. */
@ApplicationScoped
public class ItemRows {

    private final Outbox outbox;
    private final ConsoleItems items;

    ItemRows(Outbox outbox, ConsoleItems items) {
        this.outbox = outbox;
        this.items = items;
    }

    List<Views.ItemRow> rows(List<Item> page) {
        // One query for the page's feeds: a page of 50 items may come from 50 feeds.
        List<Long> feedIds = page.stream().map(item -> item.feedId).distinct().toList();
        Map<Long, Feed> feeds = feedIds.isEmpty() ? Map.of()
                : Feed.<Feed>list("id in ?1", feedIds).stream().collect(Collectors.toMap(feed -> feed.id, Function.identity()));
        Map<UUID, List<ConsoleItems.Event>> events = items.events(page.stream().map(item -> item.id).toList());
        return page.stream().map(item -> {
            Feed feed = feeds.get(item.feedId);
            ItemEvent event = outbox.eventFor(item, feed, List.of());
            List<Views.TopicTag> topics = event.topics().stream().map(ItemRows::tag).toList();
            List<Views.EventRow> history = events.getOrDefault(item.id, List.of()).stream()
                    .map(e -> new Views.EventRow(e.type(), Figures.time(e.at()),
                            e.changedFields().isEmpty() ? "" : String.join(", ", e.changedFields()), e.status())).toList();
            String outlet = feed.title == null || feed.title.isBlank() ? feed.url : feed.title;
            return new Views.ItemRow(item.id.toString(), item.title == null || item.title.isBlank() ? "(untitled)" : item.title, item.url,
                    outlet, "/console/feeds/" + feed.id, item.language == null ? "unknown" : item.language, Figures.time(item.firstSeenAt),
                    topics, history, "/console/stories/" + item.storyId, item.duplicateOf != null);
        }).toList();
    }

    private static Views.TopicTag tag(Topic topic) {
        return new Views.TopicTag(topic.id(), topic.labelEn() == null ? topic.id() : topic.labelEn(), topic.source(),
                String.format(Locale.ROOT, "%.2f", topic.score()), "/console/items?topic=" + FeedListLinks.encode(topic.id()));
    }

    static String encode(ConsoleItems.Cursor cursor) {
        String raw = cursor.firstSeenAt() + "|" + cursor.id();
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    static Optional<ConsoleItems.Cursor> decode(String cursor) {
        try {
            String[] parts = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8).split("\\|", 2);
            return parts.length == 2 ? Optional.of(new ConsoleItems.Cursor(Instant.parse(parts[0]), UUID.fromString(parts[1]))) : Optional.empty();
        } catch (IllegalArgumentException | DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
