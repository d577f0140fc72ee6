package org.newsingest.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
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
 * The story locks on a real PostgreSQL: documents that share a band or a URL always wait for each
 * other, and documents that share neither never do, whatever their length (the ingest benchmark's
 * 100-entry documents stored one at a time when band keys were advisory locks folded into 256
 * slots), and no number of concurrent long documents runs out of PostgreSQL's lock table.
 */
class StoryLocksTest {

    private static EmbeddedDatabase database;

    @BeforeAll
    static void start() throws Exception {
        database = EmbeddedDatabase.start(Optional.empty());
        try (Connection connection = DriverManager.getConnection(database.jdbcUrl());
             InputStream migration = StoryLocksTest.class.getResourceAsStream("/db/migration/V48__story_band_guard.sql")) {
            connection.createStatement().execute(new String(migration.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    @AfterAll
    static void stop() {
        database.close();
    }

    /** Twelve bands from {@code first}, {@code step} apart. */
    private static Optional<Fingerprint> bands(long first, long step) {
        return Optional.of(new Fingerprint(LongStream.range(0, 12).map(i -> first + i * step).toArray()));
    }

    /** A document of {@code entries} new texts, each with its own twelve bands, from {@code first}. */
    private static StoryLocks longDocument(long first, int entries) {
        StoryLocks locks = new StoryLocks();
        for (int entry = 0; entry < entries; entry++) {
            locks.fingerprint(bands(first + entry * 1_000L, 7));
        }
        return locks;
    }

    @Test
    void longDocumentsSharingNoBandDoNotWait() throws Exception {
        try (Connection holder = open()) {
            longDocument(1_000_000L, 100).acquire(holder);

            assertThat(takesWithin(longDocument(9_000_000L, 100), 5)).isTrue();
            holder.rollback();
        }
    }

    @Test
    void documentsSharingABandWaitWhateverTheirSize() throws Exception {
        Optional<Fingerprint> story = bands(42, 3);
        StoryLocks large = longDocument(100_000L, 10).fingerprint(story);

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

    @Test
    void aBandTakenAndCommittedBeforeStillMakesTheNextTwoMeet() throws Exception {
        Optional<Fingerprint> story = bands(77_000L, 5);
        try (Connection earlier = open()) {
            new StoryLocks().fingerprint(story).acquire(earlier);
            earlier.commit(); // its rows stay: the next takers update them instead of inserting
        }
        try (Connection holder = open()) {
            new StoryLocks().fingerprint(story).acquire(holder);

            assertThat(takesWithin(new StoryLocks().fingerprint(story), 1)).isFalse();
            holder.rollback();
        }
    }

    @Test
    void documentsClaimingOneUrlWait() throws Exception {
        try (Connection holder = open()) {
            new StoryLocks().canonicalUrl("https://example.org/story").acquire(holder);

            assertThat(takesWithin(new StoryLocks().canonicalUrl("https://example.org/story"), 1)).isFalse();
            assertThat(takesWithin(new StoryLocks().canonicalUrl("https://example.org/other"), 5)).isTrue();
            holder.rollback();
        }
    }

    @Test
    void manyConcurrentLongDocumentsFitWhereAdvisoryLocksWouldNot() throws Exception {
        // 30 × 1,200 band keys: more than PostgreSQL's shared lock table holds by default (64 × connections).
        List<Connection> holders = new ArrayList<>();
        try {
            for (int document = 0; document < 30; document++) {
                Connection holder = open();
                holders.add(holder);
                longDocument(50_000_000L * (document + 1), 100).acquire(holder);
            }
            assertThat(holders).hasSize(30);
        } finally {
            for (Connection holder : holders) {
                holder.rollback();
                holder.close();
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
