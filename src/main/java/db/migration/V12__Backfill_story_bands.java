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
 * keep none. Java, because the keys are computed from the text the way the store computes them.
 */
public class V12__Backfill_story_bands extends BaseJavaMigration {

    private static final int BATCH = 500;

    @Override
    public void migrate(Context context) throws SQLException {
        Connection connection = context.getConnection();
        try (PreparedStatement recent = connection.prepareStatement("""
                     SELECT id, title, coalesce(content_text, summary) FROM item
                     WHERE first_seen_at > now() - make_interval(days => ?)""");
             PreparedStatement update = connection.prepareStatement("UPDATE item SET story_bands = ? WHERE id = ?")) {
            recent.setInt(1, ItemStore.SIMILARITY_WINDOW_DAYS);
            recent.setFetchSize(BATCH);
            int queued = 0;
            try (ResultSet rows = recent.executeQuery()) {
                while (rows.next()) {
                    Optional<StoryFingerprint.Fingerprint> fingerprint = StoryFingerprint.of(StoryFingerprint.textOf(rows.getString(2), rows.getString(3)));
                    if (fingerprint.isEmpty()) {
                        continue;
                    }
                    update.setArray(1, connection.createArrayOf("bigint", box(fingerprint.get().bands())));
                    update.setObject(2, rows.getObject(1));
                    update.addBatch();
                    if (++queued % BATCH == 0) {
                        update.executeBatch();
                    }
                }
            }
            update.executeBatch();
        }
    }

    private static Long[] box(long[] values) {
        Long[] boxed = new Long[values.length];
        for (int i = 0; i < values.length; i++) {
            boxed[i] = values[i];
        }
        return boxed;
    }
}
