package org.newsingest.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;
import java.io.IOException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.newsingest.store.Item;
import org.newsingest.tag.TopicTagger;

/**
 * The console's reads of items: the newest first (keyset paging on the newest-first index), each
 * item's event history from the outbox, and item counts per topic over 24 hours and 7 days.
 */
@ApplicationScoped
public class ConsoleItems {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final EntityManager entityManager;
    private final TopicTagger tagger;

    ConsoleItems(EntityManager entityManager, TopicTagger tagger) {
        this.entityManager = entityManager;
        this.tagger = tagger;
    }

    /** One event the outbox holds for an item: {@code created} or {@code updated}, with the fields it changed. */
    public record Event(String type, Instant at, List<String> changedFields, String status) {}

    /** Position after the last item of a page. */
    public record Cursor(Instant firstSeenAt, UUID id) {}

    /**
     * Up to {@code limit + 1} items, newest first, after {@code after}; of {@code feedId} (seen in
     * it) and of {@code topic} and its descendants when given.
     */
    public List<Item> newest(Optional<Long> feedId, Optional<String> topic, Optional<Cursor> after, int limit) {
        StringBuilder sql = new StringBuilder("SELECT * FROM item WHERE true");
        Map<String, Object> parameters = new HashMap<>();
        feedId.ifPresent(id -> {
            sql.append(" AND id IN (SELECT item_id FROM item_sighting WHERE feed_id = :feedId)");
            parameters.put("feedId", id);
        });
        topic.ifPresent(wanted -> {
            // the topic and everything below it in the taxonomy, as GET /api/v1/items?topic= reads it
            List<String> ids = List.copyOf(tagger.taxonomy().withDescendants(wanted));
            StringBuilder any = new StringBuilder();
            for (int i = 0; i < ids.size(); i++) {
                any.append(i == 0 ? "" : " OR ").append("topics @> jsonb_build_array(jsonb_build_object('id', CAST(:topic")
                        .append(i).append(" AS text)))");
                parameters.put("topic" + i, ids.get(i));
            }
            sql.append(" AND (").append(any.isEmpty() ? "false" : any).append(')');
        });
        after.ifPresent(cursor -> {
            sql.append(" AND (first_seen_at, id) < (:cursorTime, :cursorId)");
            parameters.put("cursorTime", cursor.firstSeenAt());
            parameters.put("cursorId", cursor.id());
        });
        sql.append(" ORDER BY first_seen_at DESC, id DESC LIMIT :limit");
        parameters.put("limit", limit + 1);
        Query query = entityManager.createNativeQuery(sql.toString(), Item.class);
        parameters.forEach(query::setParameter);
        @SuppressWarnings("unchecked")
        List<Item> items = query.getResultList();
        return items;
    }

    /**
     * The events the outbox still holds for these items, oldest first per item. Sent events are
     * pruned after the outbox retention, so an old item's history may be shorter than its life.
     */
    public Map<UUID, List<Event>> events(List<UUID> itemIds) {
        Map<UUID, List<Event>> events = new LinkedHashMap<>();
        if (itemIds.isEmpty()) {
            return events;
        }
        @SuppressWarnings("unchecked")
        List<Object[]> rows = entityManager.createNativeQuery("""
                SELECT item_id, event_type, created_at, CAST(CAST(payload AS jsonb) -> 'changedFields' AS text), status
                FROM outbox_event WHERE item_id IN (:ids) AND replay_job_id IS NULL ORDER BY item_id, id""")
                .setParameter("ids", itemIds).getResultList();
        for (Object[] row : rows) {
            events.computeIfAbsent((UUID) row[0], id -> new ArrayList<>())
                    .add(new Event(shortType((String) row[1]), instant(row[2]), fields((String) row[3]), (String) row[4]));
        }
        return events;
    }

    /** Items per topic id at or above {@code minScore}: [last 24 h, last 7 days]. */
    public Map<String, long[]> topicCounts(double minScore) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = entityManager.createNativeQuery("""
                SELECT t ->> 'id', count(*) FILTER (WHERE i.first_seen_at > now() - interval '24 hours'), count(*)
                FROM item i, jsonb_array_elements(i.topics) t
                WHERE i.first_seen_at > now() - interval '7 days' AND CAST(t ->> 'score' AS double precision) >= :min
                GROUP BY 1""").setParameter("min", minScore).getResultList();
        Map<String, long[]> counts = new HashMap<>();
        rows.forEach(row -> counts.put((String) row[0], new long[] {((Number) row[1]).longValue(), ((Number) row[2]).longValue()}));
        return counts;
    }

    private static String shortType(String type) {
        return type.startsWith("news.item.") ? type.substring("news.item.".length()) : type;
    }

    private static List<String> fields(String json) {
        if (json == null) {
            return List.of();
        }
        try {
            List<String> fields = new ArrayList<>();
            for (JsonNode field : JSON.readTree(json)) {
                fields.add(field.asText());
            }
            return fields;
        } catch (IOException e) {
            return List.of();
        }
    }

    private static Instant instant(Object value) {
        if (value instanceof Instant instant) {
            return instant;
        }
        if (value instanceof OffsetDateTime time) {
            return time.toInstant();
        }
        return ((Timestamp) value).toInstant();
    }
}
