package org.newsingest.store;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Optional;
import java.util.TreeSet;
import org.newsingest.dedupe.StoryFingerprint.Fingerprint;

/**
 * The locks that serialise every "same story?" decision, held until the transaction ends. A
 * document takes them in two statements, each in ascending order: first the URL and story keys of
 * all its entries (transaction-scoped advisory locks), then, after the key lookup, the band keys of
 * the entries that may write a text (row locks in {@code story_band_guard}). Every transaction thus
 * takes its locks in one global order (URL and story keys before band keys, each ascending): two
 * polls that need overlapping keys queue on the first key they share instead of each holding one
 * the other wants, so they cannot deadlock.
 *
 * <p>One lock per decision path: each canonical URL an entry claims, each story key a URL rule
 * gives it, and each band key of its fingerprint. Two entries can only be compared by text when
 * they share a band key (that is how the store finds candidates), so two polls that could match
 * each other's text always meet on a lock, and two that share no band never wait for each other.
 *
 * <p>Band keys are row locks, not advisory locks, because there are many: twelve per new text, 1,200
 * for a document of 100 new stories. Advisory locks live in PostgreSQL's shared lock table (sized by
 * {@code max_locks_per_transaction}, 64 × connections by default), so they had to be folded into
 * 256 slots for such documents, and every long document then waited for every other (the ingest
 * benchmark's stores ran one at a time). A row lock lives in its row: the statement upserts one
 * row per key (an uncommitted insert or update of the same key by another transaction makes it
 * wait for that transaction), whatever the number of keys.
 */
public final class StoryLocks {

    private final TreeSet<Long> keys = new TreeSet<>();
    private final TreeSet<Long> bands = new TreeSet<>();

    public StoryLocks canonicalUrl(String url) {
        keys.add(key("url\n" + url));
        return this;
    }

    public StoryLocks storyKey(String storyKey) {
        keys.add(key("story\n" + storyKey));
        return this;
    }

    public StoryLocks fingerprint(Optional<Fingerprint> fingerprint) {
        fingerprint.ifPresent(present -> {
            for (long band : present.bands()) {
                bands.add(band);
            }
        });
        return this;
    }

    /** Takes every lock, ascending, for the rest of the transaction: one round trip per kind. */
    public void acquire(Connection connection) throws SQLException {
        if (!keys.isEmpty()) {
            take(connection, "SELECT pg_advisory_xact_lock(k)::text FROM unnest(?::bigint[]) AS k ORDER BY k", keys);
        }
        if (!bands.isEmpty()) {
            take(connection, """
                    INSERT INTO story_band_guard AS guard (band, taken_at)
                    SELECT band, now() FROM unnest(?::bigint[]) AS band ORDER BY band
                    ON CONFLICT (band) DO UPDATE SET taken_at = excluded.taken_at
                    """, bands);
        }
    }

    private static void take(Connection connection, String sql, TreeSet<Long> ascending) throws SQLException {
        Array array = connection.createArrayOf("bigint", ascending.toArray());
        try (PreparedStatement lock = connection.prepareStatement(sql)) {
            lock.setArray(1, array);
            lock.execute();
        } finally {
            array.free();
        }
    }

    private static long key(String value) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.wrap(digest).getLong();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
