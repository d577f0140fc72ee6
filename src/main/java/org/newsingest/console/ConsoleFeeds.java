package org.newsingest.console;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.newsingest.feed.Feed;
import org.newsingest.feed.FeedState;

/**
 * The console's reads of the feed table: a sorted, filtered page of feeds (offset paging over the
 * indexed filters, fast at 10,000 feeds), their items per day (one grouped query per page), the
 * count of feeds by state, and failing feeds grouped by error and host.
 */
@ApplicationScoped
public class ConsoleFeeds {

    /** The error code another stage records when a site answers with a bot challenge instead of the feed. */
    public static final String BOT_CHALLENGE = "bot-challenge";

    /** The state filter's extra value: feeds whose last error was a bot challenge, whatever their state. */
    public static final String CHALLENGED = "challenged";

    static final int SPARK_DAYS = 14;

    /** Sortable columns: the request's name to the SQL expression; anything else sorts by id. */
    private static final Map<String, String> SORTS = Map.of(
            "title", "lower(COALESCE(title, url))",
            "host", "host",
            "state", "state",
            "last-fetch", "last_fetched_at",
            "failures", "consecutive_failures",
            "next-poll", "next_poll_at");

    private final EntityManager entityManager;

    ConsoleFeeds(EntityManager entityManager) {
        this.entityManager = entityManager;
    }

    /** What the feeds table shows; every part optional. {@code state} is a FeedState's wire name or {@link #CHALLENGED}. */
    public record Filter(Optional<String> state, Optional<String> host, Optional<String> tag, Optional<String> text) {}

    public record Page(List<Feed> feeds, long total) {}

    /** One failing (error, status, host) and how many feeds it holds. */
    public record FailureGroup(String error, Integer status, String host, long feeds) {}

    public Page page(Filter filter, String sort, boolean descending, int offset, int limit) {
        StringBuilder where = new StringBuilder(" FROM feed WHERE deleted_at IS NULL");
        Map<String, Object> parameters = new HashMap<>();
        filter.state().ifPresent(state -> {
            if (state.equals(CHALLENGED)) {
                where.append(" AND last_error = :challenge");
                parameters.put("challenge", BOT_CHALLENGE);
            } else {
                where.append(" AND state = :state");
                parameters.put("state", state);
            }
        });
        filter.host().ifPresent(host -> {
            where.append(" AND host = :host");
            parameters.put("host", host.strip().toLowerCase(Locale.ROOT));
        });
        filter.tag().ifPresent(tag -> {
            where.append(" AND :tag = ANY (tags)");
            parameters.put("tag", tag.strip());
        });
        filter.text().ifPresent(text -> {
            where.append(" AND (title ILIKE :text OR url ILIKE :text)");
            parameters.put("text", "%" + text.strip().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%");
        });
        String order = SORTS.getOrDefault(sort, "id");
        Query ids = entityManager.createNativeQuery("SELECT id" + where + " ORDER BY " + order + (descending ? " DESC" : " ASC")
                + " NULLS LAST, id LIMIT :limit OFFSET :offset");
        Query count = entityManager.createNativeQuery("SELECT count(*)" + where);
        parameters.forEach((name, value) -> {
            ids.setParameter(name, value);
            count.setParameter(name, value);
        });
        List<Long> found = ((List<?>) ids.setParameter("limit", limit).setParameter("offset", offset).getResultList()).stream()
                .map(id -> ((Number) id).longValue()).toList();
        Map<Long, Feed> byId = found.isEmpty() ? Map.of()
                : Feed.<Feed>list("id in ?1", found).stream().collect(Collectors.toMap(feed -> feed.id, Function.identity()));
        return new Page(found.stream().map(byId::get).toList(), ((Number) count.getSingleResult()).longValue());
    }

    /** New items first stored from each feed per day, oldest day first, over the last {@value #SPARK_DAYS} days. */
    public Map<Long, List<Double>> itemsPerDay(List<Long> feedIds) {
        Map<Long, double[]> days = new HashMap<>();
        if (!feedIds.isEmpty()) {
            @SuppressWarnings("unchecked")
            List<Object[]> rows = entityManager.createNativeQuery("""
                    SELECT feed_id, CAST(floor(EXTRACT(EPOCH FROM now() - first_seen_at) / 86400) AS integer), count(*)
                    FROM item WHERE feed_id IN (:ids) AND first_seen_at > now() - make_interval(days => :days)
                    GROUP BY 1, 2""").setParameter("ids", feedIds).setParameter("days", SPARK_DAYS).getResultList();
            for (Object[] row : rows) {
                int daysAgo = Math.min(SPARK_DAYS - 1, Math.max(0, ((Number) row[1]).intValue()));
                days.computeIfAbsent(((Number) row[0]).longValue(), id -> new double[SPARK_DAYS])[SPARK_DAYS - 1 - daysAgo] +=
                        ((Number) row[2]).doubleValue();
            }
        }
        Map<Long, List<Double>> series = new HashMap<>();
        for (long id : feedIds) {
            double[] perDay = days.getOrDefault(id, new double[SPARK_DAYS]);
            List<Double> values = new ArrayList<>(SPARK_DAYS);
            for (double v : perDay) {
                values.add(v);
            }
            series.put(id, values);
        }
        return series;
    }

    /** Live feeds by state, every state present (zero when none), then {@link #CHALLENGED}. */
    public Map<String, Long> countsByState() {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (FeedState state : FeedState.values()) {
            counts.put(state.wireName(), 0L);
        }
        @SuppressWarnings("unchecked")
        List<Object[]> rows = entityManager.createNativeQuery("""
                SELECT state, count(*), count(*) FILTER (WHERE last_error = :challenge)
                FROM feed WHERE deleted_at IS NULL GROUP BY state""").setParameter("challenge", BOT_CHALLENGE).getResultList();
        long challenged = 0;
        for (Object[] row : rows) {
            counts.put((String) row[0], ((Number) row[1]).longValue());
            challenged += ((Number) row[2]).longValue();
        }
        counts.put(CHALLENGED, challenged);
        return counts;
    }

    /** Failing feeds grouped by (error, status, host), biggest group first. */
    public List<FailureGroup> failingGroups() {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = entityManager.createNativeQuery("""
                SELECT COALESCE(last_error, 'unknown'), last_status, host, count(*)
                FROM feed WHERE deleted_at IS NULL AND state = 'failing'
                GROUP BY 1, 2, 3 ORDER BY 4 DESC, 1, 3 LIMIT 500""").getResultList();
        return rows.stream().map(row -> new FailureGroup((String) row[0], row[1] == null ? null : ((Number) row[1]).intValue(),
                (String) row[2], ((Number) row[3]).longValue())).toList();
    }
}
