package org.newsingest.push;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hibernate.Session;

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

    /**
     * Until when the feed's verified subscription is trusted, if it has one. Plain JDBC on the
     * transaction's connection: this runs for every poll, most feeds have no subscription, and a
     * Hibernate native query cost a twentieth of a {@code 304} poll's CPU to find that out.
     */
    private Optional<Instant> liveUntil(long feedId) {
        return entityManager.unwrap(Session.class).doReturningWork(connection -> {
            try (PreparedStatement query = connection.prepareStatement("""
                    SELECT least(lease_expires_at, coalesce(last_push_at, confirmed_at) + make_interval(secs => ?))
                    FROM websub_subscription WHERE feed_id = ? AND state = 'verified'
                    """)) {
                query.setDouble(1, config.pushesStopAfter().toSeconds());
                query.setLong(2, feedId);
                try (ResultSet rows = query.executeQuery()) {
                    while (rows.next()) {
                        Timestamp until = rows.getTimestamp(1);
                        if (until != null) {
                            return Optional.of(until.toInstant());
                        }
                    }
                    return Optional.<Instant>empty();
                }
            }
        });
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
}
