package db.migration;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;
import org.newsingest.dedupe.StoryFingerprint;
import org.newsingest.store.ItemStore;

/**
 * Gives the items stored before V11 within the similarity window their band keys, so a copy
 * published just after an upgrade still finds its original. Older items are never compared, and
 * get none. Java, because the keys are computed from the text the way the store computes them.
 * Items that already have keys are skipped, so running it again adds nothing.
 */
public class V12__Backfill_story_bands extends BaseJavaMigration {

    private static final int BATCH = 500;

    @Override
    public void migrate(Context context) throws SQLException {
        Connection connection = context.getConnection();
        try (PreparedStatement recent = connection.prepareStatement("""
                     SELECT id, feed_id, first_seen_at, title, coalesce(content_text, summary) FROM item
                     WHERE first_seen_at > now() - make_interval(days => ?)
                       AND id NOT IN (SELECT item_id FROM story_band)""");
             PreparedStatement insert = connection.prepareStatement(
                     "INSERT INTO story_band (band, item_id, feed_id, first_seen_at) VALUES (?, ?, ?, ?)")) {
            recent.setInt(1, ItemStore.SIMILARITY_WINDOW_DAYS);
            recent.setFetchSize(BATCH);
            int queued = 0;
            try (ResultSet rows = recent.executeQuery()) {
                while (rows.next()) {
                    Optional<StoryFingerprint.Fingerprint> fingerprint = StoryFingerprint.of(StoryFingerprint.textOf(rows.getString(4), rows.getString(5)));
                    if (fingerprint.isEmpty()) {
                        continue;
                    }
                    for (long band : fingerprint.get().bands()) {
                        insert.setLong(1, band);
                        insert.setObject(2, rows.getObject(1));
                        insert.setLong(3, rows.getLong(2));
                        insert.setTimestamp(4, rows.getTimestamp(3));
                        insert.addBatch();
                    }
                    if (++queued % BATCH == 0) {
                        insert.executeBatch();
                    }
                }
            }
            insert.executeBatch();
        }
    }
}
