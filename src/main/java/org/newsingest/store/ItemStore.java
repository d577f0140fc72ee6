package org.newsingest.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.newsingest.dedupe.Revisions;
import org.newsingest.normalize.NormalizedItem;

/**
 * Stores polled entries and decides, in the database, what each one is: new, a revision, the
 * same as before, or a story already stored under another feed. The unique constraints on
 * (feed, identity key) and on the canonical URL are the real guards.
 */
@ApplicationScoped
public class ItemStore {

    private final EntityManager entityManager;
    private final ObjectMapper json;

    ItemStore(EntityManager entityManager, ObjectMapper json) {
        this.entityManager = entityManager;
        this.json = json;
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public StoreResult save(long feedId, ItemCandidate candidate) {
        NormalizedItem fresh = candidate.item();
        Optional<ItemSighting> seen = ItemSighting.findByIdentity(feedId, candidate.identityKey());
        if (seen.isPresent()) {
            Item item = Item.findById(seen.get().itemId);
            if (item.feedId == feedId && !item.contentHash.equals(candidate.contentHash())) {
                List<String> changed = Revisions.changedFields(snapshot(item), fresh);
                apply(item, candidate);
                item.revision++;
                return new StoreResult.Revised(item, changed);
            }
            return new StoreResult.Unchanged(item);
        }
        if (fresh.canonicalUrl().isPresent()) {
            String canonicalUrl = fresh.canonicalUrl().get();
            // Two feeds may bring the same story at the same moment: serialise on its URL so the
            // second transaction sees the first one's item instead of failing on the unique index.
            entityManager.createNativeQuery("SELECT pg_advisory_xact_lock(hashtextextended(:url, 0))")
                    .setParameter("url", canonicalUrl)
                    .getSingleResult();
            Optional<Item> sameUrl = Item.find("canonicalUrl", canonicalUrl).firstResultOptional();
            if (sameUrl.isPresent()) {
                addSighting(sameUrl.get(), feedId, candidate, MatchReason.CANONICAL_URL);
                return new StoreResult.Sighted(sameUrl.get(), MatchReason.CANONICAL_URL);
            }
        }
        Item item = new Item();
        item.id = UUID.randomUUID();
        item.storyId = item.id;
        item.feedId = feedId;
        item.firstSeenAt = Instant.now();
        apply(item, candidate);
        item.persist();
        addSighting(item, feedId, candidate, MatchReason.ORIGIN);
        return new StoreResult.Created(item);
    }

    private void apply(Item item, ItemCandidate candidate) {
        NormalizedItem fresh = candidate.item();
        item.guid = fresh.guid().orElse(null);
        item.url = fresh.url().orElse(null);
        item.canonicalUrl = fresh.canonicalUrl().orElse(item.canonicalUrl);
        item.title = fresh.title().orElse(null);
        item.summary = fresh.summary().orElse(null);
        item.contentText = fresh.contentText().orElse(null);
        item.author = fresh.author().orElse(null);
        item.language = fresh.language().orElse(null);
        item.publishedAt = fresh.published().orElse(null);
        item.updatedAt = fresh.updated().orElse(null);
        item.categories = new ArrayList<>(fresh.categories());
        item.topics = write(candidate.topics());
        item.enclosures = write(fresh.enclosures().stream()
                .map(e -> new EnclosureJson(e.url(), e.type().orElse(null), e.length().orElse(null)))
                .toList());
        item.contentHash = candidate.contentHash();
    }

    private static void addSighting(Item item, long feedId, ItemCandidate candidate, MatchReason reason) {
        ItemSighting sighting = new ItemSighting();
        sighting.itemId = item.id;
        sighting.feedId = feedId;
        sighting.identityKey = candidate.identityKey();
        sighting.guid = candidate.item().guid().orElse(null);
        sighting.url = candidate.item().url().orElse(null);
        sighting.matchReason = reason.wireName();
        sighting.persist();
    }

    private static Revisions.Snapshot snapshot(Item item) {
        return new Revisions.Snapshot(item.title, item.url, item.summary, item.contentText, item.author, item.categories, item.updatedAt);
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("records always serialise", e);
        }
    }

    /** The stored shape of an enclosure; the same field names as the event's. */
    record EnclosureJson(String url, String type, Long length) {}
}
