package org.newsingest.pipeline;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.util.ArrayList;
import java.util.List;
import org.newsingest.extract.ExtractionQueue;
import org.newsingest.feed.EntryWarning;
import org.newsingest.feed.Feed;
import org.newsingest.fetch.LogSafe;
import org.newsingest.filter.FilteredEntry;
import org.newsingest.publish.EventType;
import org.newsingest.publish.Outbox;
import org.newsingest.store.Item;
import org.newsingest.store.ItemCandidate;
import org.newsingest.store.ItemStore;
import org.newsingest.store.StoreResult;

/**
 * Writes one document's entries for a feed, inside the caller's transaction: the kept ones stored,
 * their events queued, the filtered ones noted. A poll, a push and a backfill all write through
 * here, so an entry is one story with one {@code created} event whichever way it came.
 */
@ApplicationScoped
class EntryWriter {

    private static final List<String> TOPICS_CHANGED = List.of("topics");

    private final ItemStore items;
    private final Outbox outbox;
    private final EntityManager entityManager;
    private final ExtractionQueue extractions;

    EntryWriter(ItemStore items, Outbox outbox, EntityManager entityManager, ExtractionQueue extractions) {
        this.items = items;
        this.outbox = outbox;
        this.entityManager = entityManager;
        this.extractions = extractions;
    }

    /** What was written: the store's decisions, and the entries the store refused. */
    record Written(PollSummary summary, List<EntryWarning> warnings) {}

    Written write(Feed feed, List<ItemCandidate> candidates, List<FilteredEntry> filtered) {
        ItemStore.StoredDocument stored = items.storeDocument(feed, candidates);
        PollSummary summary = publish(feed, stored.results());
        feed.filteredCount += recordFiltered(feed.id, filtered);
        return new Written(summary, stored.warnings());
    }


    /**
     * Records the entries the feed's filters dropped, each once per feed and identity key (a later
     * poll of the same entry adds nothing); returns how many were new.
     */
    private int recordFiltered(long feedId, List<FilteredEntry> filtered) {
        int added = 0;
        for (FilteredEntry entry : filtered) {
            added += entityManager.createNativeQuery("""
                    INSERT INTO item_filtered (feed_id, identity_key, url, title, rule) VALUES (:feed, :key, cast(:url AS text), cast(:title AS text), :rule)
                    ON CONFLICT (feed_id, identity_key) DO NOTHING
                    """)
                    .setParameter("feed", feedId)
                    .setParameter("key", entry.identityKey())
                    .setParameter("url", entry.url().orElse(null))
                    .setParameter("title", entry.title().map(title -> LogSafe.text(title, 500)).orElse(null))
                    .setParameter("rule", LogSafe.text(entry.rule(), 1100))
                    .executeUpdate();
        }
        return added;
    }

    /** Queues the events of a stored document, in document order, with one id query and batched inserts. */
    private PollSummary publish(Feed feed, List<StoreResult> results) {
        List<Outbox.Pending> events = new ArrayList<>();
        List<Item> newStories = new ArrayList<>();
        int created = 0;
        int revised = 0;
        int sighted = 0;
        int duplicates = 0;
        for (StoreResult result : results) {
            if (result instanceof StoreResult.Created c) {
                events.add(new Outbox.Pending(EventType.CREATED, c.item(), feed, List.of()));
                newStories.add(c.item());
                created++;
            } else if (result instanceof StoreResult.Revised r) {
                if (r.published()) {
                    events.add(new Outbox.Pending(EventType.UPDATED, r.item(), feed, r.changedFields()));
                }
                revised++;
            } else if (result instanceof StoreResult.Sighted s) {
                s.grown().ifPresent(story -> events.add(new Outbox.Pending(EventType.UPDATED, story, feedOf(story, feed), TOPICS_CHANGED)));
                sighted++;
            } else if (result instanceof StoreResult.Duplicate d) {
                if (d.grownTopics()) {
                    events.add(new Outbox.Pending(EventType.UPDATED, d.original(), feedOf(d.original(), feed), TOPICS_CHANGED));
                }
                duplicates++;
            }
        }
        // New stories whose entry lacks the body get their page queued; their created waits a bounded time for it.
        ExtractionQueue.Admitted admitted = extractions.admit(feed, newStories);
        outbox.enqueue(events, admitted.held(), admitted.hold());
        return new PollSummary(created, revised, sighted, duplicates, results.size());
    }

    /** The feed a story's events name: the one its first item came from. */
    private static Feed feedOf(Item item, Feed polled) {
        return item.feedId.equals(polled.id) ? polled : Feed.findById(item.feedId);
    }
}
