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
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
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
 * text always meet on a lock. Band keys are folded, so equal keys stay equal and the locks a document
 * takes stay bounded (PostgreSQL's lock table is shared and sized by {@code max_locks_per_transaction}),
 * at two grains:
 * <ul>
 *   <li>a document with few texts to write (the usual poll: a few new stories) takes each band's
 *       fine key ({@link #FINE_BAND_SLOTS} of them) exclusively and its coarse slot
 *       ({@link #BAND_SLOTS} of them) shared: two such documents wait for each other only when they
 *       share a band, not whenever their bands fall into one of 256 slots (at 12 bands a story, two
 *       one-story polls did so almost every other time, and concurrent first polls of many feeds
 *       stored one after the other);</li>
 *   <li>a document with more ({@link #MAX_FINE_LOCKS} fine keys) takes the coarse slots exclusively,
 *       which also excludes every small document holding one of those slots shared.</li>
 * </ul>
 * Either way two documents sharing a band meet on a lock, and all keys of a statement are taken in
 * ascending order whatever their mode, so the order argument above holds.
 */
public final class StoryLocks {

    /** Coarse lock slots for band keys: at most this many band locks per large document, however long it is. */
    static final int BAND_SLOTS = 256;

    /** Fine lock slots for band keys, for documents with at most {@link #MAX_FINE_LOCKS} of them. */
    static final int FINE_BAND_SLOTS = 1 << 20;

    /** Fine band locks one transaction may take; a document needing more takes the coarse slots exclusively. */
    static final int MAX_FINE_LOCKS = 64;

    /** The lock key of each coarse band slot, computed once: a document of 100 new entries needs 1,200 of them. */
    private static final long[] BAND_SLOT_KEYS = java.util.stream.IntStream.range(0, BAND_SLOTS).mapToLong(slot -> key("band\n" + slot)).toArray();

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

    /** The keys to take, ascending and distinct (the order they are taken in), each with whether it is taken shared. */
    public SortedMap<Long, Boolean> keys() {
        SortedMap<Long, Boolean> modes = new TreeMap<>();
        keys.forEach(key -> modes.put(key, false));
        Set<Long> fine = new TreeSet<>();
        for (long band : bands) {
            fine.add(Long.remainderUnsigned(band, FINE_BAND_SLOTS));
        }
        boolean small = fine.size() <= MAX_FINE_LOCKS;
        for (long band : bands) {
            modes.putIfAbsent(BAND_SLOT_KEYS[(int) Long.remainderUnsigned(band, BAND_SLOTS)], small);
        }
        if (small) {
            fine.forEach(slot -> modes.put(key("fine band\n" + slot), false));
        }
        return modes;
    }

    /** Takes every key, ascending, for the rest of the transaction. One round trip. */
    public void acquire(Connection connection) throws SQLException {
        SortedMap<Long, Boolean> modes = keys();
        if (modes.isEmpty()) {
            return;
        }
        Array keyArray = connection.createArrayOf("bigint", modes.keySet().toArray());
        Array sharedArray = connection.createArrayOf("boolean", modes.values().toArray());
        try (PreparedStatement lock = connection.prepareStatement("""
                SELECT CASE WHEN shared THEN pg_advisory_xact_lock_shared(k)::text ELSE pg_advisory_xact_lock(k)::text END
                FROM (SELECT k, shared FROM unnest(?::bigint[], ?::boolean[]) AS t(k, shared) ORDER BY k) AS ascending
                """)) {
            lock.setArray(1, keyArray);
            lock.setArray(2, sharedArray);
            lock.executeQuery().close();
        } finally {
            keyArray.free();
            sharedArray.free();
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
