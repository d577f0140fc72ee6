package org.newsingest.schedule;

import jakarta.enterprise.context.ApplicationScoped;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.newsingest.config.IngestConfig;

/**
 * Claims due feeds for one instance, renews and releases their leases. Every statement is one
 * short transaction on the control pool ({@link ControlPool}): no connection is held during a
 * fetch, and a busy main pool cannot hold back a heartbeat.
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
    /** Due feeds a claim looks at, at least (four times its limit if that is more): the per-host caps then thin them out. */
    static final int CLAIM_WINDOW = 512;

    private final ControlPool control;
    private final PollConfig poll;
    private final IngestConfig.Fetch fetch;

    FeedClaimer(ControlPool control, IngestConfig config, PollConfig poll) {
        this.control = control;
        this.poll = poll;
        this.fetch = config.fetch();
    }

    /** A claimed feed: its lease token, and how long after the claim its request may start. */
    public record Claim(long feedId, String leaseToken, Duration startIn) {}

    /**
     * Claims up to {@code limit} due feeds, the longest overdue first, within the per-host caps
     * and spacing. {@code tokenPrefix} must be unique to this claim; each feed's token is the
     * prefix followed by the feed's id. A feed row another transaction holds (a poll recording its
     * result) is skipped, not waited for: the claim holds the cluster-wide claim lock.
     */
    public List<Claim> claimDue(int limit, String tokenPrefix) {
        return control.inTransaction(connection -> {
            try (PreparedStatement lock = connection.prepareStatement("SELECT pg_advisory_xact_lock(?)")) {
                lock.setLong(1, CLAIM_LOCK);
                lock.execute();
            }
            // The claim reads a bounded window: the CLAIM_WINDOW longest-overdue feeds of hosts that
            // can take a poll now (busy: at their lease cap, or their next start slot beyond the
            // horizon), so its cost does not grow with the backlog (it sorted every due feed, 50 ms a
            // claim with 10,000 due), and a host with a long backlog cannot fill the window and hold
            // back the others. The live leases are counted once per host (leases), for both the busy
            // hosts and the room of the others; partitions compare hosts bytewise ("C"). greatest()
            // skips NULLs: a host without a poll_host row may start now.
            try (PreparedStatement claim = connection.prepareStatement("""
                    WITH leases AS MATERIALIZED (
                        SELECT host, count(*) AS live FROM feed
                        WHERE lease_owner IS NOT NULL AND lease_until >= now()
                        GROUP BY host
                    ), busy AS MATERIALIZED (
                        SELECT host FROM leases WHERE live >= ?
                        UNION
                        SELECT host FROM poll_host
                        WHERE last_start_at + make_interval(secs => ?) > now() + make_interval(secs => ?)
                    ), candidates AS (
                        SELECT id, host, next_poll_at FROM feed
                        WHERE deleted_at IS NULL
                          AND state IN ('active', 'failing', 'challenged')
                          AND next_poll_at <= now()
                          AND (lease_until IS NULL OR lease_until < now())
                          AND NOT EXISTS (SELECT 1 FROM busy WHERE busy.host = feed.host)
                        ORDER BY next_poll_at
                        LIMIT ?
                    ), due AS (
                        SELECT id, host, next_poll_at,
                               row_number() OVER (PARTITION BY host COLLATE "C" ORDER BY next_poll_at, id) AS place
                        FROM candidates
                    ), hosts AS MATERIALIZED (
                        SELECT d.host, ? - coalesce(l.live, 0) AS free,
                               greatest(now(), p.last_start_at + make_interval(secs => ?)) AS first_start
                        FROM (SELECT DISTINCT host FROM due) d
                        LEFT JOIN leases l ON l.host = d.host
                        LEFT JOIN poll_host p ON p.host = d.host
                    ), picked AS (
                        SELECT due.id, due.host,
                               h.first_start + (due.place - 1) * make_interval(secs => ?) AS start_at
                        FROM due JOIN hosts h ON h.host = due.host
                        WHERE due.place <= h.free
                          AND h.first_start + (due.place - 1) * make_interval(secs => ?)
                              <= now() + make_interval(secs => ?)
                        ORDER BY start_at, due.next_poll_at
                        LIMIT ?
                    ), free_rows AS (
                        SELECT f.id FROM feed f WHERE f.id IN (SELECT id FROM picked) FOR NO KEY UPDATE SKIP LOCKED
                    ), leased AS (
                        UPDATE feed f
                        SET lease_until = now() + make_interval(secs => ?), lease_owner = ? || f.id
                        FROM picked
                        WHERE f.id = picked.id AND f.id IN (SELECT id FROM free_rows)
                        RETURNING f.id, f.lease_owner, picked.host, picked.start_at
                    ), reserved AS (
                        INSERT INTO poll_host (host, last_start_at)
                        SELECT host, max(start_at) FROM leased GROUP BY host
                        ON CONFLICT (host) DO UPDATE SET last_start_at = greatest(poll_host.last_start_at, excluded.last_start_at)
                    )
                    SELECT id, lease_owner, greatest(0, (extract(epoch FROM start_at - now()) * 1000)::bigint)
                    FROM leased ORDER BY start_at
                    """)) {
                double spacing = seconds(fetch.perHostSpacing());
                double horizon = seconds(START_HORIZON);
                claim.setInt(1, fetch.perHostConcurrency());
                claim.setDouble(2, spacing);
                claim.setDouble(3, horizon);
                claim.setInt(4, Math.max(CLAIM_WINDOW, 4 * limit));
                claim.setInt(5, fetch.perHostConcurrency());
                claim.setDouble(6, spacing);
                claim.setDouble(7, spacing);
                claim.setDouble(8, spacing);
                claim.setDouble(9, horizon);
                claim.setInt(10, limit);
                claim.setDouble(11, seconds(poll.lease()));
                claim.setString(12, tokenPrefix);
                List<Claim> claims = new ArrayList<>();
                try (ResultSet rows = claim.executeQuery()) {
                    while (rows.next()) {
                        claims.add(new Claim(rows.getLong(1), rows.getString(2), Duration.ofMillis(rows.getLong(3))));
                    }
                }
                return claims;
            }
        });
    }

    /**
     * Extends the leases still owned by {@code tokens}; a token that lost its lease stays fenced.
     * A feed row a poll is recording its result under is skipped: its lease is checked under that
     * lock, and waiting for it would hold back the renewal of every other lease.
     */
    public int renew(Collection<String> tokens) {
        if (tokens.isEmpty()) {
            return 0;
        }
        return control.inTransaction(connection -> {
            try (PreparedStatement renew = connection.prepareStatement("""
                    UPDATE feed SET lease_until = now() + make_interval(secs => ?)
                    WHERE id IN (SELECT id FROM feed WHERE lease_owner = ANY(?) FOR NO KEY UPDATE SKIP LOCKED)
                    """)) {
                renew.setDouble(1, seconds(poll.lease()));
                renew.setArray(2, connection.createArrayOf("text", tokens.toArray()));
                return renew.executeUpdate();
            }
        });
    }

    /** Gives up the leases still owned by {@code tokens}, so any instance may claim those feeds at once. */
    public int release(Collection<String> tokens) {
        if (tokens.isEmpty()) {
            return 0;
        }
        return control.inTransaction(connection -> {
            try (PreparedStatement release = connection.prepareStatement(
                    "UPDATE feed SET lease_until = NULL, lease_owner = NULL WHERE lease_owner = ANY(?)")) {
                release.setArray(1, connection.createArrayOf("text", tokens.toArray()));
                return release.executeUpdate();
            }
        });
    }

    /** How long until the next feed without a lease is due; empty when no feed is scheduled at all. */
    public Optional<Duration> untilNextDue() {
        return control.inTransaction(connection -> {
            try (PreparedStatement next = connection.prepareStatement("""
                    SELECT (extract(epoch FROM min(next_poll_at) - now()) * 1000)::bigint FROM feed
                    WHERE deleted_at IS NULL AND state IN ('active', 'failing', 'challenged') AND (lease_until IS NULL OR lease_until < now())
                    """);
                 ResultSet row = next.executeQuery()) {
                row.next();
                long millis = row.getLong(1);
                return row.wasNull() ? Optional.<Duration>empty() : Optional.of(Duration.ofMillis(millis));
            }
        });
    }

    private static double seconds(Duration duration) {
        return duration.toNanos() / 1e9;
    }
}
