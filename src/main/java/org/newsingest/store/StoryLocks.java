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
import java.util.Optional;
import java.util.TreeSet;
import org.newsingest.dedupe.StoryFingerprint.Fingerprint;

/**
 * The transaction-scoped advisory locks that serialise every "same story?" decision. A document
 * takes them in two statements, each in ascending order: first the URL and story keys of all its
 * entries, then, after the key lookup, the band keys of the entries that may write a text. Every
 * transaction thus takes its keys in one global order (URL and story keys before band keys, each
 * ascending): two polls that need overlapping keys queue on the first key they share instead of
 * each holding one the other wants, so they cannot deadlock.
 *
 * <p>One key per decision path: each canonical URL an entry claims, each story key a URL rule gives
 * it, and each band key of its fingerprint. Two entries can only be compared by text when they share
 * a band key (that is how the store finds candidates), so two polls that could match each other's
 * text always meet on a lock. Band keys are folded into {@link #BAND_SLOTS} lock slots: folding keeps
 * equal keys equal, and bounds the locks a document takes (PostgreSQL's lock table is shared and
 * sized by {@code max_locks_per_transaction}); the price is that concurrent documents with new
 * entries often share a slot and store one after the other.
 */
public final class StoryLocks {

    /** Lock slots for band keys: at most this many band locks per transaction, however long the document. */
    static final int BAND_SLOTS = 256;

    /** The lock key of each band slot, computed once: a document of 100 new entries needs 1,200 of them. */
    private static final long[] BAND_SLOT_KEYS = java.util.stream.IntStream.range(0, BAND_SLOTS).mapToLong(slot -> key("band\n" + slot)).toArray();

    private final TreeSet<Long> keys = new TreeSet<>();

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
                keys.add(BAND_SLOT_KEYS[(int) Long.remainderUnsigned(band, BAND_SLOTS)]);
            }
        });
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

    private static long key(String value) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.wrap(digest).getLong();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
