package org.newsingest.push;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * How push changes a feed's schedule, and what the API shows of it. A subscription is <em>live</em>
 * while the hub's lease runs and pushes have not stopped ({@code ingest.websub.pushes-stop-after}
 * since the last push, or since the first verification when none came). While it is live the
 * feed is polled at {@code ingest.websub.fallback-poll-interval}, but never later than the moment
 * it stops being live: then the next poll comes at once and is scheduled at the normal interval.
 */
@ApplicationScoped
public class PushSchedule {

    /** The feed's push state as the API shows it. */
    public record View(String hub, String state, Instant leaseExpiresAt, Instant lastPushAt, String lastError) {}

    private final WebSubConfig config;
    private final EntityManager entityManager;

    PushSchedule(WebSubConfig config, EntityManager entityManager) {
        this.config = config;
        this.entityManager = entityManager;
    }

    /**
     * The next poll of feed {@code feedId}, given the one {@code normal} polling chose; runs in
     * the caller's transaction.
     */
    public Instant nextPoll(long feedId, Instant normal, Instant now) {
        Optional<Instant> liveUntil = liveUntil(feedId).filter(until -> until.isAfter(now));
        if (liveUntil.isEmpty()) {
            return normal;
        }
        Instant fallback = now.plus(config.fallbackPollInterval());
        Instant capped = fallback.isBefore(liveUntil.get()) ? fallback : liveUntil.get();
        return capped.isAfter(normal) ? capped : normal;
    }

    private Optional<Instant> liveUntil(long feedId) {
        List<?> rows = entityManager.createNativeQuery("""
                SELECT least(lease_expires_at, coalesce(last_push_at, confirmed_at) + make_interval(secs => :stop))
                FROM websub_subscription WHERE feed_id = :feed AND state = 'verified'
                """)
                .setParameter("feed", feedId)
                .setParameter("stop", (double) config.pushesStopAfter().toSeconds())
                .getResultList();
        return rows.stream().filter(Objects::nonNull).findFirst().map(PushSchedule::instant);
    }

    /** The push state of each of {@code feedIds} that has a subscription; runs in the caller's transaction. */
    public Map<Long, View> views(Collection<Long> feedIds) {
        Map<Long, View> views = new HashMap<>();
        if (feedIds.isEmpty()) {
            return views;
        }
        List<Subscription> rows = Subscription.list("feedId in ?1", feedIds);
        for (Subscription s : rows) {
            views.put(s.feedId, new View(s.hubUrl, s.state.wireName(), s.leaseExpiresAt, s.lastPushAt, s.lastError));
        }
        return views;
    }

    private static Instant instant(Object value) {
        if (value instanceof Instant instant) {
            return instant;
        }
        if (value instanceof OffsetDateTime offset) {
            return offset.toInstant();
        }
        if (value instanceof java.sql.Timestamp timestamp) {
            return timestamp.toInstant();
        }
        throw new IllegalStateException("unexpected timestamp type " + (value == null ? "null" : value.getClass()));
    }
}
