package org.newsingest.feed;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Feeds for operators: filtered by state, host or tag, in id order, a page at a time, with the
 * counters that tell a healthy feed from a quiet or broken one.
 */
@ApplicationScoped
public class FeedQuery {

    /** The host of a feed URL, lower-cased, without user info or port (PostgreSQL regular expression). */
    private static final String HOST = "lower(substring(url from '^[A-Za-z][A-Za-z0-9+.-]*://(?:[^@/?#]*@)?([^/:?#]+)'))";

    private static final int COUNTER_CHUNK = 1000;

    private final EntityManager entityManager;

    FeedQuery(EntityManager entityManager) {
        this.entityManager = entityManager;
    }

    /** What to list: every part optional. */
    public record Filter(Optional<FeedState> state, Optional<String> host, Optional<String> tag) {}

    /** Per-feed figures beside the feed's own state. */
    public record Counters(long itemCount, long itemsLast24h, Instant lastNewItemAt) {
        public static final Counters NONE = new Counters(0, 0, null);
    }

    /** One page of feeds, and the id to continue after when there are more. */
    public record Page(List<Feed> feeds, Optional<Long> continueAfter) {}

    /** Live feeds matching {@code filter} with an id above {@code after}, at most {@code limit} of them (all when empty). */
    public Page page(Filter filter, long after, Optional<Integer> limit) {
        StringBuilder sql = new StringBuilder("SELECT id FROM feed WHERE deleted_at IS NULL AND id > :after");
        Map<String, Object> parameters = new HashMap<>();
        parameters.put("after", after);
        filter.state().ifPresent(state -> {
            sql.append(" AND state = :state");
            parameters.put("state", state.wireName());
        });
        filter.host().ifPresent(host -> {
            sql.append(" AND ").append(HOST).append(" = :host");
            parameters.put("host", host.strip().toLowerCase(Locale.ROOT));
        });
        filter.tag().ifPresent(tag -> {
            sql.append(" AND :tag = ANY (tags)");
            parameters.put("tag", tag);
        });
        sql.append(" ORDER BY id");
        Query query = entityManager.createNativeQuery(sql.toString());
        parameters.forEach(query::setParameter);
        // One more than asked, to know whether another page follows.
        limit.ifPresent(n -> query.setMaxResults(n + 1));
        List<Long> ids = new ArrayList<>(((List<?>) query.getResultList()).stream().map(id -> ((Number) id).longValue()).toList());
        Optional<Long> continueAfter = Optional.empty();
        if (limit.isPresent() && ids.size() > limit.get()) {
            ids = ids.subList(0, limit.get());
            continueAfter = Optional.of(ids.get(ids.size() - 1));
        }
        List<Feed> feeds = ids.isEmpty() ? List.of() : Feed.<Feed>list("id in ?1 order by id", ids);
        return new Page(feeds, continueAfter);
    }

    /** The counters of the given feeds, by feed id. */
    public Map<Long, Counters> counters(List<Long> feedIds) {
        Map<Long, Counters> counters = new HashMap<>();
        // In chunks: an unpaged list of every feed must stay below the driver's bind-parameter limit.
        for (int from = 0; from < feedIds.size(); from += COUNTER_CHUNK) {
            countInto(feedIds.subList(from, Math.min(feedIds.size(), from + COUNTER_CHUNK)), counters);
        }
        return counters;
    }

    private void countInto(List<Long> feedIds, Map<Long, Counters> counters) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = entityManager.createNativeQuery("""
                SELECT f.id,
                       (SELECT count(*) FROM item_sighting s WHERE s.feed_id = f.id),
                       (SELECT count(*) FROM item i WHERE i.feed_id = f.id AND i.first_seen_at > now() - interval '24 hours'),
                       (SELECT max(i.first_seen_at) FROM item i WHERE i.feed_id = f.id)
                FROM feed f WHERE f.id IN (:ids)
                """).setParameter("ids", feedIds).getResultList();
        for (Object[] row : rows) {
            counters.put(((Number) row[0]).longValue(), new Counters(
                    ((Number) row[1]).longValue(), ((Number) row[2]).longValue(), toInstant(row[3])));
        }
    }

    public Counters counters(long feedId) {
        return counters(List.of(feedId)).getOrDefault(feedId, Counters.NONE);
    }

    private static Instant toInstant(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof Instant instant) {
            return instant;
        }
        if (value instanceof OffsetDateTime time) {
            return time.toInstant();
        }
        return ((Timestamp) value).toInstant();
    }
}
