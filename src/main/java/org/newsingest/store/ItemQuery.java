package org.newsingest.store;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Validator;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.hibernate.query.NativeQuery;
import org.hibernate.type.StandardBasicTypes;
import org.newsingest.tag.TopicTagger;

/**
 * The one answer to "items first seen in a range, by feed, by topic", for the item list, replays,
 * retagging and whatever comes next. One meaning everywhere: <b>by feed</b> is any sighting of the
 * item in that feed (the feed it was first seen in, or any other feed that carried it); <b>by
 * topic</b> is the topic or any topic below it in the taxonomy ({@code geo:UA} finds an item whose
 * stored topics name only Crimea, {@code geo:UA-43}). Pages walk {@code (first_seen_at, id)}, newest
 * or oldest first, with an opaque cursor.
 */
@ApplicationScoped
public class ItemQuery {

    /** Newest first for people reading the list; oldest first for jobs that walk a range to its end. */
    public enum Order {
        NEWEST_FIRST("DESC", "<"), OLDEST_FIRST("ASC", ">");

        private final String direction;
        private final String after;

        Order(String direction, String after) {
            this.direction = direction;
            this.after = after;
        }
    }

    /**
     * What to find; every part optional. {@code since} inclusive, {@code until} exclusive, on
     * {@code first_seen_at}. {@code language} matches a prefix ({@code en} finds {@code en-GB});
     * {@code text} a case-insensitive substring of the title or summary. {@code skipDeadEvents}
     * leaves out items whose latest event Kafka refused for good (a replay would only fail again).
     */
    public record Filter(
            Optional<Instant> since,
            Optional<Instant> until,
            Optional<Long> feedId,
            Optional<@Pattern(regexp = "[^,\\s]+", message = "must be one topic id") String> topic,
            Optional<@Size(max = 35, message = "must be at most 35 characters") String> language,
            Optional<@Size(max = 200, message = "must be at most 200 characters") String> text,
            boolean skipDeadEvents) {

        public static Filter range(Instant since, Instant until) {
            return new Filter(Optional.of(since), Optional.of(until), Optional.empty(), Optional.empty(), Optional.empty(),
                    Optional.empty(), false);
        }

        public Filter withFeed(Optional<Long> feed) {
            return new Filter(since, until, feed, topic, language, text, skipDeadEvents);
        }

        public Filter withTopic(Optional<String> id) {
            return new Filter(since, until, feedId, id.map(String::strip).filter(s -> !s.isEmpty()), language, text, skipDeadEvents);
        }

        public Filter withoutDeadEvents() {
            return new Filter(since, until, feedId, topic, language, text, true);
        }

        @AssertTrue(message = "since must be before until")
        public boolean isRangeOrdered() {
            return since.isEmpty() || until.isEmpty() || since.get().isBefore(until.get());
        }
    }

    /** The position after the last item of a page: opaque to clients. */
    public record Cursor(Instant firstSeenAt, UUID id) {

        public String encode() {
            String raw = firstSeenAt.toString() + "|" + id;
            return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
        }

        public static Optional<Cursor> decode(String cursor) {
            try {
                String[] parts = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8).split("\\|", 2);
                return parts.length == 2 ? Optional.of(new Cursor(Instant.parse(parts[0]), UUID.fromString(parts[1]))) : Optional.empty();
            } catch (IllegalArgumentException | DateTimeParseException e) {
                return Optional.empty();
            }
        }
    }

    /** The ids of one page, in the order asked, and where the next page starts when there is one. */
    public record Page(List<UUID> ids, Optional<Cursor> next) {}

    /** The size of a page, checked like the filter; jobs take pages of their configured chunk size. */
    private record Limit(@Min(value = 1, message = "must be at least 1") int limit) {}

    private final EntityManager entityManager;
    private final TopicTagger tagger;
    private final Validator validator;

    ItemQuery(EntityManager entityManager, TopicTagger tagger, Validator validator) {
        this.entityManager = entityManager;
        this.tagger = tagger;
        this.validator = validator;
    }

    /**
     * Items matching {@code filter} after {@code cursor} (from the start without one), at most
     * {@code limit}. Throws {@link ConstraintViolationException} for an invalid filter or limit.
     */
    public Page page(Filter filter, Optional<Cursor> cursor, int limit, Order order) {
        check(filter);
        check(new Limit(limit));
        Where where = where(filter);
        cursor.ifPresent(c -> {
            where.sql.append(" AND (i.first_seen_at, i.id) ").append(order.after).append(" (:cursorTime, :cursorId)");
            where.parameters.put("cursorTime", c.firstSeenAt());
            where.parameters.put("cursorId", c.id());
        });
        where.sql.append(" ORDER BY i.first_seen_at ").append(order.direction).append(", i.id ").append(order.direction);
        // One more than asked, to know whether another page follows.
        @SuppressWarnings("unchecked")
        NativeQuery<Object[]> query = where.query("SELECT i.id, i.first_seen_at").unwrap(NativeQuery.class)
                .addScalar("id", StandardBasicTypes.UUID)
                .addScalar("first_seen_at", StandardBasicTypes.INSTANT);
        List<Object[]> rows = query.setMaxResults(limit + 1).getResultList();
        List<UUID> ids = new ArrayList<>(Math.min(rows.size(), limit));
        for (Object[] row : rows.subList(0, Math.min(rows.size(), limit))) {
            ids.add((UUID) row[0]);
        }
        Optional<Cursor> next = Optional.empty();
        if (rows.size() > limit) {
            Object[] last = rows.get(limit - 1);
            next = Optional.of(new Cursor((Instant) last[1], (UUID) last[0]));
        }
        return new Page(ids, next);
    }

    /** How many items match {@code filter}. */
    public long count(Filter filter) {
        check(filter);
        return ((Number) where(filter).query("SELECT count(*)").getSingleResult()).longValue();
    }

    private <T> void check(T value) {
        Set<ConstraintViolation<T>> violations = validator.validate(value);
        if (!violations.isEmpty()) {
            throw new ConstraintViolationException(violations);
        }
    }

    private Where where(Filter filter) {
        Where where = new Where();
        filter.since().ifPresent(since -> where.add(" AND i.first_seen_at >= :since", "since", since));
        filter.until().ifPresent(until -> where.add(" AND i.first_seen_at < :until", "until", until));
        filter.feedId().ifPresent(feed -> where.add(
                " AND (i.feed_id = :feed OR EXISTS (SELECT 1 FROM item_sighting s WHERE s.item_id = i.id AND s.feed_id = :feed))", "feed", feed));
        filter.topic().ifPresent(topic -> {
            // Each id as its own containment test, so the GIN index on topics serves every one.
            List<String> ids = List.copyOf(tagger.taxonomy().withDescendants(topic));
            StringBuilder any = new StringBuilder();
            for (int n = 0; n < ids.size(); n++) {
                any.append(n == 0 ? "" : " OR ").append("i.topics @> jsonb_build_array(jsonb_build_object('id', CAST(:topic").append(n).append(" AS text)))");
                where.parameters.put("topic" + n, ids.get(n));
            }
            where.sql.append(" AND (").append(any).append(')');
        });
        filter.language().map(String::strip).filter(s -> !s.isEmpty()).ifPresent(language ->
                where.add(" AND lower(i.language) LIKE :language", "language", language.toLowerCase(Locale.ROOT) + "%"));
        filter.text().map(String::strip).filter(s -> !s.isEmpty()).ifPresent(text -> where.add(
                " AND (i.title ILIKE :text OR i.summary ILIKE :text)", "text",
                "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"));
        if (filter.skipDeadEvents()) {
            where.sql.append("""
                     AND (SELECT o.status FROM outbox_event o WHERE o.item_id = i.id AND o.replay_job_id IS NULL
                          ORDER BY o.id DESC LIMIT 1) IS DISTINCT FROM 'dead'""");
        }
        return where;
    }

    /** A WHERE clause being built, with its parameters. */
    private final class Where {
        final StringBuilder sql = new StringBuilder(" FROM item i WHERE true");
        final Map<String, Object> parameters = new HashMap<>();

        void add(String condition, String name, Object value) {
            sql.append(condition);
            parameters.put(name, value);
        }

        Query query(String select) {
            Query query = entityManager.createNativeQuery(select + sql);
            parameters.forEach(query::setParameter);
            return query;
        }
    }
}
