package org.newsingest.schedule;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.newsingest.config.IngestConfig;

/**
 * Claims due feeds for one instance, renews and releases their leases. Every statement is one
 * short transaction: no connection is held during a fetch.
 *
 * <p><b>Leases.</b> A claimed feed's {@code lease_owner} is the claim's own token
 * ({@code <instance>#<claim>/<feed id>}), and {@code lease_until} expires in database time. The
 * pipeline records a poll only while the token is still the owner, the heartbeat renews only rows
 * the token still owns, and a dead instance's feeds are free again when the lease runs out.
 *
 * <p><b>Politeness across replicas.</b> Claims are serialised cluster-wide by a
 * transaction-scoped advisory lock, and a claim takes a feed only if its host
 * ({@code feed.host}) holds fewer than {@code ingest.fetch.per-host-concurrency} live leases
 * cluster-wide. Request starts to one host are given slots {@code ingest.fetch.per-host-spacing}
 * apart after the host's last reserved start ({@code poll_host.last_start_at}); a feed is claimed
 * only when its slot is less than {@link #START_HORIZON} away, and its worker waits for the slot.
 */
@ApplicationScoped
public class FeedClaimer {

    /** Serialises claims of all replicas ("poll" in ASCII). */
    private static final long CLAIM_LOCK = 0x706f6c6cL;
    /** How far ahead a start slot may be and still be claimed: a worker waits at most this long. */
    static final Duration START_HORIZON = Duration.ofSeconds(1);

    private final EntityManager entityManager;
    private final IngestConfig.Poll poll;
    private final IngestConfig.Fetch fetch;

    FeedClaimer(EntityManager entityManager, IngestConfig config) {
        this.entityManager = entityManager;
        this.poll = config.poll();
        this.fetch = config.fetch();
    }

    /** A claimed feed: its lease token, and how long after the claim its request may start. */
    public record Claim(long feedId, String leaseToken, Duration startIn) {}

    /**
     * Claims up to {@code limit} due feeds, the longest overdue first, within the per-host caps
     * and spacing. {@code tokenPrefix} must be unique to this claim; each feed's token is the
     * prefix followed by the feed's id.
     */
    @Transactional
    public List<Claim> claimDue(int limit, String tokenPrefix) {
        entityManager.createNativeQuery("SELECT pg_advisory_xact_lock(:key)").setParameter("key", CLAIM_LOCK).getSingleResult();
        // greatest() skips NULLs: a host without a poll_host row may start now.
        @SuppressWarnings("unchecked")
        List<Object[]> rows = entityManager.createNativeQuery("""
                WITH due AS (
                    SELECT id, host, next_poll_at,
                           row_number() OVER (PARTITION BY host ORDER BY next_poll_at, id) AS place
                    FROM feed
                    WHERE deleted_at IS NULL
                      AND state IN ('active', 'failing', 'challenged')
                      AND next_poll_at <= now()
                      AND (lease_until IS NULL OR lease_until < now())
                ), hosts AS (
                    SELECT d.host,
                           :cap - (SELECT count(*) FROM feed l
                                   WHERE l.host = d.host AND l.lease_owner IS NOT NULL AND l.lease_until >= now()) AS free,
                           greatest(now(), p.last_start_at + make_interval(secs => :spacing)) AS first_start
                    FROM (SELECT DISTINCT host FROM due) d
                    LEFT JOIN poll_host p ON p.host = d.host
                ), picked AS (
                    SELECT due.id, due.host,
                           h.first_start + (due.place - 1) * make_interval(secs => :spacing) AS start_at
                    FROM due JOIN hosts h ON h.host = due.host
                    WHERE due.place <= h.free
                      AND h.first_start + (due.place - 1) * make_interval(secs => :spacing)
                          <= now() + make_interval(secs => :horizon)
                    ORDER BY start_at, due.next_poll_at
                    LIMIT :limit
                ), leased AS (
                    UPDATE feed f
                    SET lease_until = now() + make_interval(secs => :lease), lease_owner = :prefix || f.id
                    FROM picked
                    WHERE f.id = picked.id
                    RETURNING f.id, f.lease_owner, picked.host, picked.start_at
                ), reserved AS (
                    INSERT INTO poll_host (host, last_start_at)
                    SELECT host, max(start_at) FROM leased GROUP BY host
                    ON CONFLICT (host) DO UPDATE SET last_start_at = greatest(poll_host.last_start_at, excluded.last_start_at)
                )
                SELECT id, lease_owner, greatest(0, (extract(epoch FROM start_at - now()) * 1000)::bigint)
                FROM leased ORDER BY start_at
                """)
                .setParameter("cap", fetch.perHostConcurrency())
                .setParameter("spacing", seconds(fetch.perHostSpacing()))
                .setParameter("horizon", seconds(START_HORIZON))
                .setParameter("lease", seconds(poll.lease()))
                .setParameter("prefix", tokenPrefix)
                .setParameter("limit", limit)
                .getResultList();
        List<Claim> claims = new ArrayList<>(rows.size());
        for (Object[] row : rows) {
            claims.add(new Claim(((Number) row[0]).longValue(), (String) row[1], Duration.ofMillis(((Number) row[2]).longValue())));
        }
        return claims;
    }

    /** Extends the leases still owned by {@code tokens}; a token that lost its lease stays fenced. */
    @Transactional
    public int renew(Collection<String> tokens) {
        if (tokens.isEmpty()) {
            return 0;
        }
        return entityManager.createNativeQuery("""
                UPDATE feed SET lease_until = now() + make_interval(secs => :lease)
                WHERE lease_owner IN (:tokens)
                """)
                .setParameter("lease", seconds(poll.lease()))
                .setParameter("tokens", tokens)
                .executeUpdate();
    }

    /** Gives up the leases still owned by {@code tokens}, so any instance may claim those feeds at once. */
    @Transactional
    public int release(Collection<String> tokens) {
        if (tokens.isEmpty()) {
            return 0;
        }
        return entityManager.createNativeQuery("UPDATE feed SET lease_until = NULL, lease_owner = NULL WHERE lease_owner IN (:tokens)")
                .setParameter("tokens", tokens)
                .executeUpdate();
    }

    /** How long until the next feed without a lease is due; empty when no feed is scheduled at all. */
    @Transactional
    public Optional<Duration> untilNextDue() {
        Object millis = entityManager.createNativeQuery("""
                SELECT (extract(epoch FROM min(next_poll_at) - now()) * 1000)::bigint FROM feed
                WHERE deleted_at IS NULL AND state IN ('active', 'failing', 'challenged') AND (lease_until IS NULL OR lease_until < now())
                """)
                .getSingleResult();
        return Optional.ofNullable((Number) millis).map(n -> Duration.ofMillis(n.longValue()));
    }

    private static double seconds(Duration duration) {
        return duration.toNanos() / 1e9;
    }
}
