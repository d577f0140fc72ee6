package org.newsingest.tag;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.newsingest.config.IngestConfig;
import org.newsingest.feed.Feed;
import org.newsingest.publish.EventType;
import org.newsingest.publish.Outbox;
import org.newsingest.store.Item;
import org.newsingest.store.ItemQuery;
import org.newsingest.store.ItemSighting;

/**
 * Recomputes stored items' topics with the current taxonomy, e.g. after {@code INGEST_TAXONOMY_FILE}
 * changed. Items whose set of topic ids changed get the new topics, the next revision and a
 * {@code news.item.updated} event with {@code changedFields: ["topics"]}, in the same transaction.
 * Works in chunks of {@code ingest.topics.retag-chunk} items, one transaction each, walking
 * {@code (first_seen_at, id)} so a chunk's locks are short and a crash loses at most one chunk.
 *
 * <p>An item's topics are recomputed from all the evidence the store ever merged into it, never from
 * its own text alone: the store grows a story's first item with the topics every later sighting
 * brings (another feed's entry with the same canonical URL, another outlet's copy stored as a
 * duplicate; see {@link TopicMerge}), and a retag must not undo that growth. So the fresh topics of a
 * story's first item are the union ({@link TopicMerge#merge}) over every item of the story (same
 * {@code story_id}: the first and its duplicates) of that item's text and categories tagged with the
 * tags of every feed it was sighted in ({@code item_sighting.feed_id}, its own feed included). A
 * duplicate item is recomputed from its own evidence and feed only, as the store wrote it. A
 * canonical-URL sighting stores no text of its own, so it is represented by the sighted item's text
 * with the sighting feed's tags; categories only that other feed's entry carried are not kept.
 */
@ApplicationScoped
public class Retagger {


    /** What a retag run did. */
    public record Result(int scanned, int changed) {}

    private final TopicTagger tagger;
    private final Outbox outbox;
    private final EntityManager entityManager;
    private final ItemQuery itemQuery;
    private final int chunk;

    Retagger(TopicTagger tagger, Outbox outbox, EntityManager entityManager, ItemQuery itemQuery, IngestConfig config) {
        this.tagger = tagger;
        this.outbox = outbox;
        this.entityManager = entityManager;
        this.itemQuery = itemQuery;
        this.chunk = config.topics().retagChunk();
    }

    /** Retags items first seen in {@code [from, to)}, of one feed (any sighting in it, {@link ItemQuery}) when {@code feedId} is given. */
    public Result retag(Instant from, Instant to, Optional<Long> feedId) {
        int scanned = 0;
        int changed = 0;
        ItemQuery.Filter filter = ItemQuery.Filter.range(from, to).withFeed(feedId);
        Optional<ItemQuery.Cursor> after = Optional.empty();
        while (true) {
            Optional<ItemQuery.Cursor> position = after;
            Chunk done = QuarkusTransaction.requiringNew().call(() -> retagChunk(filter, position));
            scanned += done.scanned();
            changed += done.changed();
            if (done.last().isEmpty()) {
                return new Result(scanned, changed);
            }
            after = done.last();
        }
    }

    private record Chunk(int scanned, int changed, Optional<ItemQuery.Cursor> last) {}

    private Chunk retagChunk(ItemQuery.Filter filter, Optional<ItemQuery.Cursor> after) {
        ItemQuery.Page page = itemQuery.page(filter, after, chunk, ItemQuery.Order.OLDEST_FIRST);
        List<Item> items = page.ids().isEmpty() ? List.of() : entityManager
                .createQuery("FROM Item WHERE id IN :ids ORDER BY firstSeenAt, id", Item.class)
                .setParameter("ids", page.ids())
                .setLockMode(LockModeType.PESSIMISTIC_WRITE)
                .getResultList();
        List<Outbox.Pending> events = new ArrayList<>();
        for (Item item : items) {
            Feed feed = item.feedId == null ? null : Feed.findById(item.feedId);
            if (feed == null) {
                continue; // every stored item names its feed; an event needs it as ce_source
            }
            List<Topic> fresh = item.duplicateOf == null ? storyTopics(item) : ownTopics(item, feed);
            if (!ids(fresh).equals(ids(item.topics))) {
                item.topics = fresh;
                item.revision++;
                events.add(new Outbox.Pending(EventType.UPDATED, item, feed, List.of("topics")));
            }
        }
        outbox.enqueue(events);
        return new Chunk(items.size(), events.size(), page.next());
    }

    /** A story's first item: every item of the story, each under every feed it was sighted in. */
    private List<Topic> storyTopics(Item first) {
        List<Item> story = entityManager.createQuery("FROM Item WHERE storyId = :story ORDER BY firstSeenAt, id", Item.class)
                .setParameter("story", first.storyId)
                .getResultList();
        List<Topic> topics = new ArrayList<>();
        for (Item item : story) {
            List<Long> sightedIn = Stream.concat(Stream.of(item.feedId), ItemSighting.listForItem(item.id).stream().map(s -> s.feedId))
                    .distinct()
                    .toList();
            for (Long feedId : sightedIn) {
                Feed feed = Feed.findById(feedId);
                if (feed != null) {
                    topics = TopicMerge.merge(topics, ownTopics(item, feed));
                }
            }
        }
        return topics;
    }

    private List<Topic> ownTopics(Item item, Feed feed) {
        return tagger.tag(TopicTagger.Text.of(item.title, item.summary, item.contentText, item.categories,
                Optional.ofNullable(item.language)), feed.tags);
    }

    private static Set<String> ids(List<Topic> topics) {
        return topics.stream().map(Topic::id).collect(Collectors.toSet());
    }


}
