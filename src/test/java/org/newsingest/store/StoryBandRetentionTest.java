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

/** Band keys of items older than the similarity window are deleted; those within it stay. */
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
