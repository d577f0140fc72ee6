package org.newsingest.store;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Collection;
import java.util.OptionalLong;
import java.util.TreeSet;
import org.newsingest.dedupe.StoryFingerprint;

/**
 * The transaction-scoped advisory locks that serialise every "same story?" decision. A document's
 * lock keys are all computed before anything is read, and taken in one statement in ascending
 * order: two polls that need overlapping keys queue on the smallest key they share instead of each
 * holding one the other wants, so they cannot deadlock.
 *
 * <p>One key per decision path: each canonical URL an entry claims, each story key a URL rule gives
 * it, and each SimHash band of its fingerprint. The fingerprint is split into
 * {@code CANDIDATE_DISTANCE + 1} bands, so two fingerprints within the candidate distance differ in
 * at most that many bits and share at least one band exactly: two polls that could match each
 * other's text always meet on a lock.
 */
public final class StoryLocks {

    static final int BANDS = StoryFingerprint.CANDIDATE_DISTANCE + 1;

    private final TreeSet<Long> keys = new TreeSet<>();

    public StoryLocks canonicalUrl(String url) {
        keys.add(key("url\n" + url));
        return this;
    }

    public StoryLocks storyKey(String storyKey) {
        keys.add(key("story\n" + storyKey));
        return this;
    }

    public StoryLocks fingerprint(OptionalLong fingerprint) {
        if (fingerprint.isPresent()) {
            for (int band = 0; band < BANDS; band++) {
                keys.add(key("band\n" + band + "\n" + band(fingerprint.getAsLong(), band)));
            }
        }
        return this;
    }

    /** The keys, ascending and distinct: the order they are taken in. */
    public Collection<Long> keys() {
        return keys;
    }

    /** Takes every key, ascending, for the rest of the transaction. One round trip. */
    public void acquire(Connection connection) throws SQLException {
        if (keys.isEmpty()) {
            return;
        }
        Array array = connection.createArrayOf("bigint", keys.toArray());
        try (PreparedStatement lock = connection.prepareStatement(
                "SELECT pg_advisory_xact_lock(k) FROM (SELECT k FROM unnest(?) AS k ORDER BY k) AS ascending")) {
            lock.setArray(1, array);
            lock.executeQuery().close();
        } finally {
            array.free();
        }
    }

    /** Band {@code band} of the 64 bits: bands are 3 or 4 bits wide, contiguous, covering all 64. */
    static long band(long fingerprint, int band) {
        int start = band * 64 / BANDS;
        int end = (band + 1) * 64 / BANDS;
        long mask = (1L << (end - start)) - 1;
        return (fingerprint >>> start) & mask;
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
