package org.newsingest.tag;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.newsingest.config.IngestConfig;
import org.newsingest.feed.Feed;
import org.newsingest.publish.EventType;
import org.newsingest.publish.Outbox;
import org.newsingest.store.Item;

/**
 * Recomputes stored items' topics with the current taxonomy, e.g. after {@code INGEST_TAXONOMY_FILE}
 * changed. Items whose set of topic ids changed get the new topics, the next revision and a
 * {@code news.item.updated} event with {@code changedFields: ["topics"]}, in the same transaction.
 * Works in chunks of {@code ingest.topics.retag-chunk} items, one transaction each, walking
 * {@code (first_seen_at, id)} so a chunk's locks are short and a crash loses at most one chunk.
 */
@ApplicationScoped
public class Retagger {

    private static final TypeReference<List<Topic>> TOPICS = new TypeReference<>() {};

    /** What a retag run did. */
    public record Result(int scanned, int changed) {}

    private final TopicTagger tagger;
    private final Outbox outbox;
    private final EntityManager entityManager;
    private final ObjectMapper json;
    private final int chunk;

    Retagger(TopicTagger tagger, Outbox outbox, EntityManager entityManager, ObjectMapper json, IngestConfig config) {
        this.tagger = tagger;
        this.outbox = outbox;
        this.entityManager = entityManager;
        this.json = json;
        this.chunk = config.topics().retagChunk();
    }

    /** Retags items first seen in {@code [from, to)}. */
    public Result retag(Instant from, Instant to) {
        int scanned = 0;
        int changed = 0;
        Optional<Position> after = Optional.empty();
        while (true) {
            Optional<Position> position = after;
            Chunk done = QuarkusTransaction.requiringNew().call(() -> retagChunk(from, to, position));
            scanned += done.scanned();
            changed += done.changed();
            if (done.last().isEmpty()) {
                return new Result(scanned, changed);
            }
            after = done.last();
        }
    }

    private record Position(Instant firstSeenAt, UUID id) {}

    private record Chunk(int scanned, int changed, Optional<Position> last) {}

    private Chunk retagChunk(Instant from, Instant to, Optional<Position> after) {
        String where = "firstSeenAt >= :from AND firstSeenAt < :to"
                + after.map(p -> " AND (firstSeenAt > :afterTime OR (firstSeenAt = :afterTime AND id > :afterId))").orElse("");
        var query = entityManager.createQuery("FROM Item WHERE " + where + " ORDER BY firstSeenAt, id", Item.class)
                .setParameter("from", from)
                .setParameter("to", to)
                .setMaxResults(chunk)
                .setLockMode(LockModeType.PESSIMISTIC_WRITE);
        after.ifPresent(p -> query.setParameter("afterTime", p.firstSeenAt()).setParameter("afterId", p.id()));
        List<Item> items = query.getResultList();
        int changed = 0;
        for (Item item : items) {
            Feed feed = item.feedId == null ? null : Feed.findById(item.feedId);
            if (feed == null) {
                continue; // every stored item names its feed; an event needs it as ce_source
            }
            List<Topic> fresh = tagger.tag(TopicTagger.Text.of(item.title, item.summary, item.contentText, item.categories,
                    Optional.ofNullable(item.language)), feed.tags);
            if (!ids(fresh).equals(ids(read(item.topics)))) {
                item.topics = write(fresh);
                item.revision++;
                outbox.enqueue(EventType.UPDATED, item, feed, List.of("topics"));
                changed++;
            }
        }
        Optional<Position> last = items.size() < chunk
                ? Optional.empty()
                : Optional.of(new Position(items.get(items.size() - 1).firstSeenAt, items.get(items.size() - 1).id));
        return new Chunk(items.size(), changed, last);
    }

    private static Set<String> ids(List<Topic> topics) {
        return topics.stream().map(Topic::id).collect(Collectors.toSet());
    }

    private List<Topic> read(String topics) {
        try {
            return json.readValue(topics, TOPICS);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored topics were written by this service", e);
        }
    }

    private String write(List<Topic> topics) {
        try {
            return json.writeValueAsString(topics);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("topics always serialise", e);
        }
    }
}
