package org.newsingest.publish;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.newsingest.config.IngestConfig;
import org.newsingest.feed.Feed;
import org.newsingest.fetch.UrlSecrets;
import org.newsingest.store.Item;
import org.newsingest.store.Rows;
import org.newsingest.tag.Topic;

/** Writes item events to the outbox, inside the caller's transaction. */
@ApplicationScoped
public class Outbox {

    private final EntityManager entityManager;
    private final ObjectMapper json;
    private final OutboxSignal signal;
    private final double minTopicScore;

    Outbox(EntityManager entityManager, ObjectMapper json, OutboxSignal signal, IngestConfig config) {
        this.entityManager = entityManager;
        this.json = json;
        this.signal = signal;
        this.minTopicScore = config.topics().minScore();
    }

    /** An event to queue: {@code item} as it is now, the feed the event names, and for updates the fields that changed. */
    public record Pending(EventType type, Item item, Feed feed, List<String> changedFields) {}

    /** Queues {@code events}, in order, inside the caller's transaction. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void enqueue(List<Pending> events) {
        enqueue(events, Set.of(), Duration.ZERO);
    }

    /**
     * Queues {@code events} like {@link #enqueue(List)}, but the {@code created} events of the items
     * in {@code held} become due only after {@code hold}: their article body may still arrive and
     * ride in them ({@link #releaseHeld}). The relay sends an item's events in order, so nothing of a
     * held item overtakes its {@code created}.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void enqueue(List<Pending> events, Set<UUID> held, Duration hold) {
        if (events.isEmpty()) {
            return;
        }
        List<OutboxEvent> rows = new ArrayList<>(events.size());
        for (Pending event : events) {
            OutboxEvent row = row(event.type(), event.item(), event.feed(), event.changedFields());
            if (event.type() == EventType.CREATED && held.contains(event.item().id)) {
                row.nextAttemptAt = row.createdAt.plus(hold);
            }
            rows.add(row);
        }
        persist(rows);
        signal.afterCommit();
    }

    /**
     * Rewrites the held {@code created} event of {@code item} (revision 1) with the item as it is now,
     * same event id, and makes it due at once. Only while no relay has touched it (pending, never
     * claimed, never attempted): false when it is already on its way, and the change must go out
     * as an {@code updated} instead.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean releaseHeld(Item item, Feed feed) {
        if (item.revision != 1) {
            return false;
        }
        OutboxEvent row = row(EventType.CREATED, item, feed, List.of());
        int rewritten = entityManager.createNativeQuery("""
                UPDATE outbox_event SET payload = :payload, topics = :topics, next_attempt_at = now()
                WHERE event_id = :eventId AND status = 'pending' AND attempts = 0 AND claimed_until IS NULL AND replay_job_id IS NULL
                """)
                .setParameter("payload", row.payload)
                .setParameter("topics", row.topics)
                .setParameter("eventId", row.eventId)
                .executeUpdate();
        if (rewritten > 0) {
            signal.afterCommit();
        }
        return rewritten > 0;
    }

    /**
     * Deletes the {@code created} event of {@code item} (revision 1) while no relay has touched it
     * (pending, never claimed, never attempted): the story turned out to be one already stored, and
     * must not be published twice. False when it is already on its way.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean withdrawCreated(Item item) {
        if (item.revision != 1) {
            return false;
        }
        return entityManager.createNativeQuery("""
                DELETE FROM outbox_event
                WHERE item_id = :item AND event_type = :created AND status = 'pending' AND attempts = 0
                  AND claimed_until IS NULL AND replay_job_id IS NULL
                """)
                .setParameter("item", item.id)
                .setParameter("created", EventType.CREATED.ceType())
                .executeUpdate() > 0;
    }

    /**
     * Inserts {@code rows} with ids taken from the table's sequence in one round trip, ascending in
     * list order; the inserts leave at once, in JDBC batches, without the entity life cycle.
     * A poll takes them after its story locks and a retag after its item row locks, so a later
     * transaction on the same item takes later ids: an item's events are numbered in commit order,
     * on every replica, which is the order the relay sends them in. (A replay's copies take theirs
     * when it queues them, as they did from the IDENTITY column before.)
     */
    void persist(List<OutboxEvent> rows) {
        @SuppressWarnings("unchecked")
        List<Number> ids = entityManager.createNativeQuery(
                        "SELECT nextval(pg_get_serial_sequence('outbox_event', 'id')) FROM generate_series(1, :count)")
                .setParameter("count", rows.size())
                .getResultList();
        long[] ascending = ids.stream().mapToLong(Number::longValue).sorted().toArray();
        for (int i = 0; i < rows.size(); i++) {
            rows.get(i).id = ascending[i];
        }
        Rows.insert(entityManager, rows);
    }

    /**
     * The event id of {@code item}'s event of {@code type} at its current revision: a name-based
     * UUID, so an event rebuilt from the item store (a replay, after the original row was pruned)
     * carries the id consumers already saw.
     */
    public static UUID eventId(UUID itemId, int revision, String ceType) {
        return UUID.nameUUIDFromBytes((itemId + "/" + revision + "/" + ceType).getBytes(StandardCharsets.UTF_8));
    }

    /** The outbox row of the event, without its id and not yet persisted: what {@link #enqueue} queues and a replay rebuilds. */
    OutboxEvent row(EventType type, Item item, Feed feed, List<String> changedFields) {
        ItemEvent event = eventFor(item, feed, changedFields);
        OutboxEvent row = new OutboxEvent();
        row.eventId = eventId(item.id, item.revision, type.ceType());
        row.itemId = item.id;
        row.eventType = type.ceType();
        row.source = UrlSecrets.redacted(feed.url);
        row.subject = item.id.toString();
        row.topics = event.topics().stream().filter(topic -> topic.score() >= minTopicScore).map(Topic::id).collect(Collectors.joining(","));
        row.payload = write(event);
        row.createdAt = Instant.now();
        row.queuedAt = row.createdAt;
        row.nextAttemptAt = row.createdAt;
        return row;
    }

    /**
     * The event body for {@code item} as it is now, built without persisting anything: what
     * {@link #enqueue} writes, what the preview shows and what the item API returns.
     */
    public ItemEvent eventFor(Item item, Feed feed, List<String> changedFields) {
        return new ItemEvent(
                item.id.toString(),
                item.storyId.toString(),
                item.revision,
                new ItemEvent.FeedRef(feed.id, UrlSecrets.redacted(feed.url), feed.title),
                item.url,
                item.canonicalUrl,
                item.guid,
                item.title,
                item.summary,
                item.contentText,
                item.contentText == null ? null : item.contentSource,
                item.author,
                item.language,
                item.publishedAt,
                item.updatedAt,
                item.firstSeenAt,
                item.categories,
                item.topics,
                item.enclosures.stream().map(e -> new ItemEvent.EnclosureRef(e.url(), e.type(), e.length())).toList(),
                item.storyId.equals(item.id) ? null : item.storyId.toString(),
                changedFields.isEmpty() ? null : changedFields,
                item.extraction);
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("event records always serialise", e);
        }
    }
}
