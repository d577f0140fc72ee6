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
import org.newsingest.dedupe.StoryFingerprint;
import org.newsingest.normalize.NormalizedItem;

/**
 * Stores polled entries and decides, in the database, what each one is: new, a revision, the
 * same as before, or a story already stored under another feed (same canonical URL, or nearly
 * the same text). The unique constraints on (feed, identity key) and on the canonical URL are
 * the real guards.
 */
@ApplicationScoped
public class ItemStore {

    /** Republication usually follows within days; older items are not compared. */
    private static final int SIMILARITY_WINDOW_DAYS = 7;

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
        Optional<Item> sameText = sameStory(feedId, candidate);
        if (sameText.isPresent()) {
            addSighting(sameText.get(), feedId, candidate, MatchReason.CONTENT_SIMILARITY);
            return new StoreResult.Sighted(sameText.get(), MatchReason.CONTENT_SIMILARITY);
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
        item.storyFingerprint = candidate.fingerprint().isPresent() ? candidate.fingerprint().getAsLong() : null;
    }

    /**
     * A recent item from another feed that tells the same story: fingerprint within
     * {@link StoryFingerprint#CANDIDATE_DISTANCE} bits, then confirmed on the texts themselves.
     */
    private Optional<Item> sameStory(long feedId, ItemCandidate candidate) {
        if (candidate.fingerprint().isEmpty()) {
            return Optional.empty();
        }
        @SuppressWarnings("unchecked")
        List<Item> candidates = entityManager.createNativeQuery("""
                SELECT * FROM item
                WHERE story_fingerprint IS NOT NULL
                  AND feed_id <> :feed
                  AND first_seen_at > now() - make_interval(days => :days)
                  AND bit_count(CAST(story_fingerprint # :fingerprint AS bit(64))) <= :distance
                ORDER BY bit_count(CAST(story_fingerprint # :fingerprint AS bit(64))), first_seen_at
                LIMIT 20
                """, Item.class)
                .setParameter("feed", feedId)
                .setParameter("days", SIMILARITY_WINDOW_DAYS)
                .setParameter("fingerprint", candidate.fingerprint().getAsLong())
                .setParameter("distance", StoryFingerprint.CANDIDATE_DISTANCE)
                .getResultList();
        String text = StoryFingerprint.textOf(candidate.item());
        return candidates.stream()
                .filter(stored -> StoryFingerprint.sameStory(text, StoryFingerprint.textOf(stored.title, stored.contentText != null ? stored.contentText : stored.summary)))
                .findFirst();
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
