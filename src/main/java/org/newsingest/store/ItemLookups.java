package org.newsingest.store;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.hibernate.Session;

/**
 * The store's SQL: the lookups a document is decided on, its story locks, and the band index of
 * stored texts. Every method runs in the caller's transaction, on its connection.
 */
@ApplicationScoped
class ItemLookups {

    /** Stored items an entry is compared with in full, those sharing most band keys first. */
    private static final int TEXT_CANDIDATES = 20;

    private final EntityManager entityManager;

    ItemLookups(EntityManager entityManager) {
        this.entityManager = entityManager;
    }

    /**
     * What the key lookup found: stored item ids by identity key, canonical URL and story key, and
     * the stored content hash of each identity key's item.
     */
    record KeyMatches(Map<String, UUID> byKey, Map<String, String> contentByKey, Map<String, UUID> byUrl, Map<String, UUID> byStoryKey) {}

    /** A stored item that shares {@code sharedBands} band keys with an entry. */
    private record Near(UUID id, int sharedBands, Instant firstSeenAt) {}

    private static final Comparator<Near> MOST_ALIKE_FIRST = Comparator.comparingInt(Near::sharedBands).reversed().thenComparing(Near::firstSeenAt);

    /** One band key of a text, and the item whose text it is. */
    record Band(long band, UUID itemId, Instant firstSeenAt) {}

    /** Takes {@code locks} for the rest of the transaction. */
    void lock(StoryLocks locks) {
        session().doWork(locks::acquire);
    }

    /** One query for every identity key of {@code feedId}, canonical URL and story key of a document. */
    KeyMatches keys(long feedId, Collection<String> identityKeys, Collection<String> urls, Collection<String> storyKeys) {
        return session().doReturningWork(connection -> {
            Map<String, UUID> byKey = new HashMap<>();
            Map<String, String> contentByKey = new HashMap<>();
            Map<String, UUID> byUrl = new HashMap<>();
            Map<String, UUID> byStoryKey = new HashMap<>();
            try (PreparedStatement query = connection.prepareStatement("""
                    SELECT 'key', s.identity_key, s.item_id, i.content_hash FROM item_sighting s JOIN item i ON i.id = s.item_id
                    WHERE s.feed_id = ? AND s.identity_key = ANY(?)
                    UNION ALL
                    SELECT 'url', i.canonical_url, i.id, NULL FROM item i WHERE i.canonical_url = ANY(?)
                    UNION ALL
                    SELECT 'story', i.story_key, i.id, NULL FROM item i WHERE i.story_key = ANY(?) AND i.duplicate_of IS NULL
                    """)) {
                query.setLong(1, feedId);
                query.setArray(2, connection.createArrayOf("text", identityKeys.toArray()));
                query.setArray(3, connection.createArrayOf("text", urls.toArray()));
                query.setArray(4, connection.createArrayOf("text", storyKeys.toArray()));
                try (ResultSet rows = query.executeQuery()) {
                    while (rows.next()) {
                        Map<String, UUID> target = switch (rows.getString(1)) {
                            case "key" -> byKey;
                            case "url" -> byUrl;
                            default -> byStoryKey;
                        };
                        target.put(rows.getString(2), rows.getObject(3, UUID.class));
                        if (target == byKey) {
                            contentByKey.put(rows.getString(2), rows.getString(4));
                        }
                    }
                }
            }
            return new KeyMatches(byKey, contentByKey, byUrl, byStoryKey);
        });
    }

    /**
     * Recent items of feeds other than {@code feedId} that share a band key with an entry, at most
     * {@link #TEXT_CANDIDATES} per entry, most shared keys first. {@code entriesByBand} names the
     * entries (by position) that have each band key. One btree scan of {@code story_band} with every
     * band key of the document, so the cost follows the matches, not the size of the store.
     */
    Map<Integer, List<UUID>> textCandidates(long feedId, Map<Long, List<Integer>> entriesByBand) {
        Map<Integer, List<UUID>> byText = new HashMap<>();
        if (entriesByBand.isEmpty()) {
            return byText;
        }
        Map<Integer, Map<UUID, Near>> near = new HashMap<>();
        session().doWork(connection -> {
            try (PreparedStatement query = connection.prepareStatement("""
                    SELECT band, item_id, first_seen_at FROM story_band
                    WHERE band = ANY(?) AND feed_id <> ? AND first_seen_at > now() - make_interval(days => ?)
                    """)) {
                query.setArray(1, connection.createArrayOf("bigint", entriesByBand.keySet().toArray()));
                query.setLong(2, feedId);
                query.setInt(3, ItemStore.SIMILARITY_WINDOW_DAYS);
                try (ResultSet rows = query.executeQuery()) {
                    while (rows.next()) {
                        UUID id = rows.getObject(2, UUID.class);
                        Instant firstSeenAt = rows.getTimestamp(3).toInstant();
                        for (int entry : entriesByBand.getOrDefault(rows.getLong(1), List.of())) {
                            near.computeIfAbsent(entry, n -> new HashMap<>())
                                    .merge(id, new Near(id, 1, firstSeenAt), (a, b) -> new Near(id, a.sharedBands() + 1, firstSeenAt));
                        }
                    }
                }
            }
        });
        near.forEach((entry, items) -> byText.put(entry, items.values().stream().sorted(MOST_ALIKE_FIRST).limit(TEXT_CANDIDATES).map(Near::id).toList()));
        return byText;
    }

    /**
     * Loads {@code ids} and the first items of their stories in one statement, in id order, as
     * detached items (nothing tracks them: {@link #write} writes what changed); with
     * {@code lockRows}, locks their rows ({@code FOR NO KEY UPDATE}). The locking read returns each
     * row as the last writer committed it.
     */
    List<Item> load(Collection<UUID> ids, boolean lockRows) {
        if (ids.isEmpty()) {
            return List.of();
        }
        return Rows.stateless(entityManager, session -> session.createNativeQuery("""
                SELECT * FROM item
                WHERE id = ANY(:ids) OR id IN (SELECT duplicate_of FROM item WHERE id = ANY(:ids))
                ORDER BY id""" + (lockRows ? " FOR NO KEY UPDATE" : ""), Item.class)
                .setParameter("ids", ids.toArray(UUID[]::new))
                .getResultList());
    }

    /** Writes {@code bands} of texts first seen in {@code feedId}, in one statement, so later copies find them. */
    void indexBands(long feedId, List<Band> bands) {
        if (bands.isEmpty()) {
            return;
        }
        session().doWork(connection -> insertBands(connection, feedId, bands));
    }

    private static void insertBands(Connection connection, long feedId, List<Band> bands) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("""
                INSERT INTO story_band (band, item_id, feed_id, first_seen_at)
                SELECT band, item_id, ?, first_seen_at FROM unnest(?::bigint[], ?::uuid[], ?::timestamptz[]) AS b(band, item_id, first_seen_at)
                """)) {
            insert.setLong(1, feedId);
            insert.setArray(2, connection.createArrayOf("bigint", bands.stream().map(Band::band).toArray()));
            insert.setArray(3, connection.createArrayOf("uuid", bands.stream().map(Band::itemId).toArray()));
            insert.setArray(4, connection.createArrayOf("timestamptz", bands.stream().map(band -> Timestamp.from(band.firstSeenAt())).toArray()));
            insert.executeUpdate();
        }
    }

    /**
     * Writes a document's new items, the stored items it changed, and its sightings (which
     * reference their item by id only, so they go last), each kind in JDBC batches.
     */
    void write(List<Item> created, List<Item> changed, List<ItemSighting> sightings) {
        Rows.stateless(entityManager, session -> {
            session.insertMultiple(created);
            session.updateMultiple(changed);
            session.insertMultiple(sightings);
            return null;
        });
    }

    private Session session() {
        return entityManager.unwrap(Session.class);
    }
}
