package org.newsingest.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.newsingest.dedupe.StoryFingerprint.Fingerprint;
import org.newsingest.testing.EmbeddedDatabase;

/**
 * The band locks on a real PostgreSQL: documents that share a band always wait for each other, and
 * small documents whose bands only share a coarse slot do not (issue 20: concurrent first polls of
 * many feeds stored one after the other, 109 ms of lock wait per poll in the poll-capacity benchmark).
 */
class StoryLocksTest {

    private static EmbeddedDatabase database;

    @BeforeAll
    static void start() {
        database = EmbeddedDatabase.start(Optional.empty());
    }

    @AfterAll
    static void stop() {
        database.close();
    }

    /** Twelve bands from {@code first}, {@code step} apart. */
    private static Optional<Fingerprint> bands(long first, long step) {
        return Optional.of(new Fingerprint(LongStream.range(0, 12).map(i -> first + i * step).toArray()));
    }

    @Test
    void aSmallDocumentTakesFineBandKeysExclusivelyAndCoarseSlotsShared() {
        var keys = new StoryLocks().canonicalUrl("https://example.org/a").fingerprint(bands(1, 1)).keys();

        assertThat(keys.values().stream().filter(shared -> shared)).hasSize(12);
        assertThat(keys.values().stream().filter(shared -> !shared)).hasSize(1 + 12);
    }

    @Test
    void aLargeDocumentTakesTheCoarseSlotsExclusively() {
        StoryLocks locks = new StoryLocks();
        for (int entry = 0; entry < 10; entry++) {
            locks.fingerprint(bands(entry * 1_000L, 7));
        }

        // 120 bands: as fine keys with their slots they would be over 120 locks; as coarse slots they are at most 120.
        assertThat(locks.keys()).isNotEmpty().hasSizeLessThanOrEqualTo(120).doesNotContainValue(true);
    }

    @Test
    void smallDocumentsWhoseBandsOnlyShareCoarseSlotsDoNotWait() throws Exception {
        // Same bands modulo 256, different bands: the old 256 slots made the second wait for the first's commit.
        Optional<Fingerprint> first = bands(5, StoryLocks.BAND_SLOTS);
        Optional<Fingerprint> second = bands(5 + 1_000L * StoryLocks.BAND_SLOTS, StoryLocks.BAND_SLOTS);

        try (Connection holder = open()) {
            new StoryLocks().fingerprint(first).acquire(holder);

            assertThat(takesWithin(new StoryLocks().fingerprint(second), 2)).isTrue();
            holder.rollback();
        }
    }

    @Test
    void documentsSharingABandWaitWhateverTheirSize() throws Exception {
        Optional<Fingerprint> story = bands(42, 3);
        StoryLocks large = new StoryLocks();
        for (int entry = 0; entry < 10; entry++) {
            large.fingerprint(bands(100_000L + entry * 1_000L, 7));
        }
        large.fingerprint(story);

        for (StoryLocks[] pair : new StoryLocks[][] {
                {new StoryLocks().fingerprint(story), new StoryLocks().fingerprint(story)},
                {new StoryLocks().fingerprint(story), large},
                {large, new StoryLocks().fingerprint(story)}}) {
            try (Connection holder = open()) {
                pair[0].acquire(holder);

                assertThat(takesWithin(pair[1], 1)).as("the second document waits for the first's commit").isFalse();
                holder.rollback();
            }
        }
    }

    /** Whether {@code locks} can be taken on another connection within {@code seconds}; the attempt is rolled back either way. */
    private static boolean takesWithin(StoryLocks locks, int seconds) throws Exception {
        try (Connection other = open()) {
            CompletableFuture<Void> taken = CompletableFuture.runAsync(() -> {
                try {
                    locks.acquire(other);
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            });
            try {
                taken.get(seconds, TimeUnit.SECONDS);
                return true;
            } catch (TimeoutException e) {
                other.unwrap(org.postgresql.PGConnection.class).cancelQuery();
                return false;
            } finally {
                taken.handle((done, failure) -> null).get(10, TimeUnit.SECONDS);
                other.rollback();
            }
        }
    }

    private static Connection open() throws SQLException {
        Connection connection = DriverManager.getConnection(database.jdbcUrl());
        connection.setAutoCommit(false);
        return connection;
    }
}
