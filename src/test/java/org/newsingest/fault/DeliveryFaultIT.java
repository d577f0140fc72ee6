package org.newsingest.fault;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Random;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * DESIGN.md §2 invariants 1–3 under real faults: the packaged service and a Kafka broker run as
 * separate processes (killed with SIGKILL, stopped, restarted), PostgreSQL is restarted, and a
 * poll transaction is forced to fail; feeds publish new and revised stories throughout. After
 * each scenario {@link DeliveryOracle} checks: nothing lost, nothing phantom, exact counts
 * after dropping duplicate ce_ids, revisions never backwards, no story stored twice.
 *
 * <p>Fast set (CI): {@code ./mvnw verify -Dgroups=fault -DexcludedGroups=conformance,benchmark}.
 * Long set: add {@code -Dfault.long=true}. Figures go to stdout and {@code target/fault/figures.md}.
 */
@Tag("fault")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DeliveryFaultIT {

    /** Five stories or revisions a second across the feeds. */
    private static final Duration PUBLISH_EVERY = Duration.ofMillis(200);
    private static final int FEEDS = 4;
    private final Random random = new Random(7);

    @Test
    @Order(1)
    void brokerDownWhilePollingContinues() {
        Duration outage = Faults.pick(Duration.ofSeconds(30), Duration.ofMinutes(2));
        Instant started = Instant.now();
        try (World world = new World("broker-down", FEEDS)) {
            world.news.start(PUBLISH_EVERY);
            awaitSomethingSent(world);
            world.stopBroker();
            long itemsBefore = world.count("SELECT count(*) FROM item");
            boolean sawNotReady = false;
            long end = System.nanoTime() + outage.toNanos();
            while (System.nanoTime() < end) {
                sawNotReady |= world.httpStatus("/q/health/ready") == 503;
                Faults.sleep(Duration.ofSeconds(1));
            }
            long itemsDuring = world.count("SELECT count(*) FROM item") - itemsBefore;
            world.startBroker();
            awaitReady(world, Duration.ofSeconds(60));
            Faults.sleep(Duration.ofSeconds(5));
            world.news.stop();

            DeliveryOracle.Figures figures = DeliveryOracle.judge(world, "broker stopped " + outage.toSeconds() + " s", started);
            assertThat(figures.problems()).isEmpty();
            assertThat(itemsDuring).as("items stored while the broker was down").isPositive();
            assertThat(sawNotReady).as("readiness DOWN after ingest.relay.unreachable-threshold (10 s here)").isTrue();
            // The relay keeps trying at the rhythm of its pause and the producer timeouts (about
            // every 20 s here) rather than blocking max.block.ms per row or spinning.
            long retries = world.serviceLogLines("outbox: Kafka unreachable");
            assertThat(retries).as("relay retries during the outage").isBetween(outage.toSeconds() / 30, outage.toSeconds());
        }
    }

    @Test
    @Order(2)
    void brokerKilledMidBatchAndRestarted() {
        int kills = Faults.pick(2, 5);
        Instant started = Instant.now();
        try (World world = new World("broker-kill", FEEDS)) {
            world.news.start(PUBLISH_EVERY);
            awaitSomethingSent(world);
            for (int i = 0; i < kills; i++) {
                Faults.sleep(Duration.ofMillis(3000 + random.nextInt(6000)));
                world.killBroker();
                Faults.sleep(Duration.ofSeconds(2));
                world.startBroker();
            }
            Faults.sleep(Duration.ofSeconds(5));
            world.news.stop();

            DeliveryOracle.Figures figures = DeliveryOracle.judge(world, kills + "× broker SIGKILL", started);
            assertThat(figures.problems()).isEmpty();
        }
    }

    @Test
    @Order(3)
    void serviceKilledMidIngestAndRestarted() {
        int kills = Faults.pick(3, 10);
        Instant started = Instant.now();
        try (World world = new World("service-kill", FEEDS)) {
            world.news.start(PUBLISH_EVERY);
            awaitSomethingSent(world);
            for (int i = 0; i < kills; i++) {
                Faults.sleep(Duration.ofMillis(1000 + random.nextInt(7000)));
                world.killService();
                world.startService();
            }
            Faults.sleep(Duration.ofSeconds(5));
            world.news.stop();

            DeliveryOracle.Figures figures = DeliveryOracle.judge(world, kills + "× service SIGKILL", started);
            assertThat(figures.problems()).isEmpty();
        }
    }

    @Test
    @Order(4)
    void postgresRestartedUnderLoad() {
        int restarts = Faults.pick(1, 3);
        Instant started = Instant.now();
        try (World world = new World("postgres-restart", FEEDS)) {
            world.news.start(PUBLISH_EVERY);
            awaitSomethingSent(world);
            for (int i = 0; i < restarts; i++) {
                Faults.sleep(Duration.ofMillis(3000 + random.nextInt(5000)));
                world.restartDatabase(Duration.ofSeconds(3));
            }
            Faults.sleep(Duration.ofSeconds(10));
            world.news.stop();

            DeliveryOracle.Figures figures = DeliveryOracle.judge(world, restarts + "× PostgreSQL restart", started);
            assertThat(figures.problems()).isEmpty();
        }
    }

    @Test
    @Order(5)
    void pollTransactionForcedToFailAfterItemsWereParsed() {
        Duration failing = Faults.pick(Duration.ofSeconds(10), Duration.ofSeconds(30));
        Instant started = Instant.now();
        try (World world = new World("forced-rollback", FEEDS)) {
            world.news.start(PUBLISH_EVERY);
            awaitSomethingSent(world);
            // Every commit that wrote an outbox row now fails, at COMMIT, after the items and
            // their events were inserted: the poll's whole transaction must roll back.
            world.execute("""
                    CREATE FUNCTION fault_reject_commit() RETURNS trigger LANGUAGE plpgsql AS $$
                    BEGIN RAISE EXCEPTION 'fault injected: commit rejected'; END $$;
                    CREATE CONSTRAINT TRIGGER fault_reject_commit AFTER INSERT ON outbox_event
                        DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION fault_reject_commit();
                    """);
            long items = world.count("SELECT count(*) FROM item");
            long events = world.count("SELECT count(*) FROM outbox_event");
            long fetches = fetches(world);
            Faults.sleep(failing);
            long itemsAfter = world.count("SELECT count(*) FROM item");
            long eventsAfter = world.count("SELECT count(*) FROM outbox_event");
            long fetchesAfter = fetches(world);
            world.execute("DROP TRIGGER fault_reject_commit ON outbox_event; DROP FUNCTION fault_reject_commit();");
            Faults.sleep(Duration.ofSeconds(5));
            world.news.stop();

            DeliveryOracle.Figures figures = DeliveryOracle.judge(world, "commits rejected " + failing.toSeconds() + " s", started);
            assertThat(figures.problems()).isEmpty();
            assertThat(fetchesAfter).as("feeds were fetched while commits failed").isGreaterThan(fetches);
            assertThat(itemsAfter).as("no item of a failed poll is stored").isEqualTo(items);
            assertThat(eventsAfter).as("no event of a failed poll is queued").isEqualTo(events);
        }
    }

    private static long fetches(World world) {
        long hits = 0;
        for (int f = 0; f < FEEDS; f++) {
            hits += world.feeds.hits(NewsGenerator.path(f));
        }
        return hits;
    }

    private static void awaitSomethingSent(World world) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (world.count("SELECT count(*) FROM outbox_event WHERE status = 'sent'") < 5) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("nothing was sent within 60 s; see " + world.dir + "; feeds: "
                        + world.strings("SELECT id || ' ' || state || ' next ' || next_poll_at || ' lease ' || coalesce(lease_until::text, '-') || ' failures ' || consecutive_failures || ' ' || coalesce(last_error_detail, '') FROM feed")
                        + "; fetches: " + world.strings("SELECT feed_id || ' ' || outcome || ' ' || coalesce(detail, '') FROM fetch_log ORDER BY id DESC LIMIT 8")
                        + "; outbox: " + world.strings("SELECT status || ' ' || count(*) FROM outbox_event GROUP BY status"));
            }
            Faults.sleep(Duration.ofMillis(500));
        }
    }

    private static void awaitReady(World world, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (world.httpStatus("/q/health/ready") != 200) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not ready again within " + timeout + "; see " + world.dir);
            }
            Faults.sleep(Duration.ofSeconds(1));
        }
    }
}
