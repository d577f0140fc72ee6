package org.newsingest.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.newsingest.testing.RealEngines;
import org.newsingest.testing.StoredFeeds;

/**
 * The poll heartbeat while the service is at its busiest: every connection of the main pool is
 * held by long transactions, one of them holding a leased feed's row as a poll recording its
 * result does. The heartbeat must still renew every other lease, or those feeds are claimed and
 * fetched a second time by another replica.
 */
@QuarkusTest
@TestProfile(RealEngines.class)
class LeaseStarvationTest {

    /** quarkus.datasource.jdbc.max-size */
    private static final int MAIN_POOL = 20;

    @Inject
    FeedClaimer claimer;

    @Inject
    EntityManager entityManager;

    @Test
    void theHeartbeatRenewsLeasesWhileTheMainPoolIsExhaustedAndAFeedRowIsLocked() throws Exception {
        String run = Long.toString(System.nanoTime());
        long busy = leasedFeed("https://busy.example/" + run, "starvation-" + run + "/busy");
        long idle = leasedFeed("https://idle.example/" + run, "starvation-" + run + "/idle");
        CountDownLatch held = new CountDownLatch(MAIN_POOL);
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService holders = Executors.newFixedThreadPool(MAIN_POOL + 1);
        try {
            // one transaction holds the busy feed's row, as recordDocument does; the others just hold connections
            holders.submit(() -> holdConnection("SELECT id FROM feed WHERE id = " + busy + " FOR UPDATE", held, release));
            for (int i = 1; i < MAIN_POOL; i++) {
                holders.submit(() -> holdConnection("SELECT 1", held, release));
            }
            assertThat(held.await(2, TimeUnit.MINUTES)).as("every main-pool connection held").isTrue();

            Future<Integer> renewed = holders.submit(() -> claimer.renew(List.of("starvation-" + run + "/busy", "starvation-" + run + "/idle")));
            await().atMost(Duration.ofSeconds(15)).until(renewed::isDone);
            assertThat(renewed.get()).as("leases renewed: the idle feed's; the locked row is skipped").isEqualTo(1);
        } finally {
            release.countDown();
            holders.shutdown();
            holders.awaitTermination(1, TimeUnit.MINUTES);
        }
        assertThat(leaseUntil(idle)).isAfter(Instant.now().plusSeconds(10));
    }

    private Void holdConnection(String sql, CountDownLatch held, CountDownLatch release) {
        QuarkusTransaction.requiringNew().run(() -> {
            entityManager.createNativeQuery(sql).getResultList();
            held.countDown();
            try {
                release.await(3, TimeUnit.MINUTES);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        return null;
    }

    /** A feed leased to {@code token} for one more second, and not due for an hour (the scheduler leaves it alone). */
    private long leasedFeed(String url, String token) {
        long id = StoredFeeds.notDue(url);
        QuarkusTransaction.requiringNew().run(() -> entityManager.createNativeQuery(
                        "UPDATE feed SET lease_owner = :token, lease_until = now() + interval '1 second' WHERE id = :id")
                .setParameter("token", token)
                .setParameter("id", id)
                .executeUpdate());
        return id;
    }

    private Instant leaseUntil(long feedId) {
        return QuarkusTransaction.requiringNew().call(() -> {
            Object value = entityManager.createNativeQuery("SELECT lease_until FROM feed WHERE id = :id").setParameter("id", feedId).getSingleResult();
            return value instanceof Instant instant ? instant : ((java.time.OffsetDateTime) value).toInstant();
        });
    }
}
