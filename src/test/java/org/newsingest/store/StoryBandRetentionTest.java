package org.newsingest.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.newsingest.testing.RealEngines;

/** Band keys of items older than the similarity window are deleted, and lock rows not taken for an hour; the others stay. */
@QuarkusTest
@TestProfile(RealEngines.class)
class StoryBandRetentionTest {

    @Inject
    StoryBandRetention retention;

    @Inject
    EntityManager entityManager;

    @Test
    void prunesOnlyKeysOlderThanTheWindow() {
        UUID old = UUID.randomUUID();
        UUID recent = UUID.randomUUID();
        QuarkusTransaction.requiringNew().run(() -> {
            band(old, "8 days");
            band(recent, "6 days");
        });

        // a shared test database may hold more expired keys than one batch
        BatchedDelete.untilDone(retention::pruneBatch, StoryBandRetention.BATCH);

        assertThat(keysOf(old)).isZero();
        assertThat(keysOf(recent)).isOne();
    }

    @Test
    void prunesOnlyLockRowsNotTakenForAnHour() {
        long stale = UUID.randomUUID().getMostSignificantBits();
        long taken = UUID.randomUUID().getMostSignificantBits();
        QuarkusTransaction.requiringNew().run(() -> {
            guard(stale, "61 minutes");
            guard(taken, "59 minutes");
        });

        BatchedDelete.untilDone(retention::pruneGuardBatch, StoryBandRetention.BATCH);

        assertThat(guarded(stale)).isFalse();
        assertThat(guarded(taken)).isTrue();
    }

    private void guard(long band, String age) {
        entityManager.createNativeQuery("INSERT INTO story_band_guard (band, taken_at) VALUES (:band, now() - CAST(:age AS interval))")
                .setParameter("band", band)
                .setParameter("age", age)
                .executeUpdate();
    }

    private boolean guarded(long band) {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) entityManager
                .createNativeQuery("SELECT count(*) FROM story_band_guard WHERE band = :band")
                .setParameter("band", band)
                .getSingleResult()).longValue() == 1);
    }

    private void band(UUID item, String age) {
        entityManager.createNativeQuery("INSERT INTO story_band (band, item_id, feed_id, first_seen_at) VALUES (:band, :item, 0, now() - CAST(:age AS interval))")
                .setParameter("band", item.getMostSignificantBits())
                .setParameter("item", item)
                .setParameter("age", age)
                .executeUpdate();
    }

    private long keysOf(UUID item) {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) entityManager
                .createNativeQuery("SELECT count(*) FROM story_band WHERE item_id = :item")
                .setParameter("item", item)
                .getSingleResult()).longValue());
    }
}
