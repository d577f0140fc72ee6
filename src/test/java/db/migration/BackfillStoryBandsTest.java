package db.migration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.newsingest.testing.Stories.longText;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.flywaydb.core.api.configuration.Configuration;
import org.flywaydb.core.api.migration.Context;
import org.junit.jupiter.api.Test;
import org.newsingest.dedupe.StoryFingerprint;
import org.newsingest.testing.RealEngines;

/** V12 on items stored before V11: recent ones get the band keys the store would give them; old and short ones none. */
@QuarkusTest
@TestProfile(RealEngines.class)
class BackfillStoryBandsTest {

    @Inject
    AgroalDataSource dataSource;

    @Test
    void flywayRunsItAtStart() throws Exception {
        try (Connection connection = dataSource.getConnection();
             Statement query = connection.createStatement();
             ResultSet row = query.executeQuery("SELECT type, success FROM flyway_schema_history WHERE version = '12'")) {
            assertThat(row.next()).as("V12 in the schema history").isTrue();
            assertThat(row.getString(1)).isEqualTo("JDBC");
            assertThat(row.getBoolean(2)).isTrue();
        }
    }

    @Test
    void recentItemsGetTheBandKeysTheStoreWouldGiveThem() throws Exception {
        String run = UUID.randomUUID().toString();
        String body = "Backfill " + run + ". " + longText(run.hashCode());
        try (Connection connection = dataSource.getConnection()) {
            long feed = feed(connection, "https://backfill.example/" + run);
            UUID recent = item(connection, feed, "Recent story", null, body, "1 hour");
            UUID old = item(connection, feed, "Old story", body, null, "8 days");
            UUID brief = item(connection, feed, "Brief", null, "Too short to compare.", "1 hour");

            new V12__Backfill_story_bands().migrate(context(connection));

            long[] expected = StoryFingerprint.of(StoryFingerprint.textOf("Recent story", body)).orElseThrow().bands();
            assertThat(bands(connection, recent)).containsExactlyInAnyOrder(expected);
            assertThat(bands(connection, old)).isEmpty();
            assertThat(bands(connection, brief)).isEmpty();
        }
    }

    private static long feed(Connection connection, String url) throws Exception {
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO feed (url, normalized_url, state, origin, next_poll_at) VALUES (?, ?, 'paused', 'api', now()) RETURNING id")) {
            insert.setString(1, url);
            insert.setString(2, url);
            try (ResultSet row = insert.executeQuery()) {
                row.next();
                return row.getLong(1);
            }
        }
    }

    private static UUID item(Connection connection, long feed, String title, String summary, String content, String age) throws Exception {
        UUID id = UUID.randomUUID();
        try (PreparedStatement insert = connection.prepareStatement("""
                INSERT INTO item (id, story_id, feed_id, title, summary, content_text, first_seen_at, content_hash)
                VALUES (?, ?, ?, ?, ?, ?, now() - CAST(? AS interval), 'hash')""")) {
            insert.setObject(1, id);
            insert.setObject(2, id);
            insert.setLong(3, feed);
            insert.setString(4, title);
            insert.setString(5, summary);
            insert.setString(6, content);
            insert.setString(7, age);
            insert.executeUpdate();
        }
        return id;
    }

    private static long[] bands(Connection connection, UUID item) throws Exception {
        try (Statement query = connection.createStatement();
             ResultSet rows = query.executeQuery("SELECT band FROM story_band WHERE item_id = '" + item + "'")) {
            List<Long> bands = new ArrayList<>();
            while (rows.next()) {
                bands.add(rows.getLong(1));
            }
            return bands.stream().mapToLong(Long::longValue).toArray();
        }
    }

    private static Context context(Connection connection) {
        return new Context() {
            @Override
            public Configuration getConfiguration() {
                throw new UnsupportedOperationException("V12 reads no configuration");
            }

            @Override
            public Connection getConnection() {
                return connection;
            }
        };
    }
}
