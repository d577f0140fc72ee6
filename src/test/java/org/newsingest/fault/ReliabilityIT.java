package org.newsingest.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Issue 16 on the packaged service, run with the image's JVM settings ({@link World#launchService}):
 * a route to a topic Kafka refuses leaves the main topic flowing, and SIGTERM in the middle of a
 * 5,000-item ingest ends the process within 25 s and loses nothing across the restart.
 */
@Tag("fault")
class ReliabilityIT {

    private static final int FEEDS = 10;
    private static final int ENTRIES_PER_FEED = 500;
    /** Kafka's own rule refuses the topic names "." and ".."; the route parser's pattern lets them through. */
    private static final String UNWRITABLE_TOPIC = "..";

    @Test
    void aRouteKafkaRefusesParksAloneAndSigtermMidIngestEndsInTimeAndLosesNothing() {
        Instant started = Instant.now();
        try (World world = new World("reliability", FEEDS, Map.of("INGEST_ROUTING_ROUTES", "category:feed-0=" + UNWRITABLE_TOPIC))) {
            // (a) feed 0's events are also routed to a topic that cannot be written; every feed's first story is stored
            await().atMost(Duration.ofMinutes(2)).until(() -> world.count("SELECT count(*) FROM item") >= FEEDS
                    && world.count("SELECT count(*) FROM outbox_event WHERE status = 'pending'") == 0);
            assertThat(world.count("SELECT count(*) FROM outbox_event WHERE status = 'parked' AND last_error LIKE '%routed topic ..%'"))
                    .as("feed 0's event parked for the refused route").isGreaterThanOrEqualTo(1);
            assertThat(world.count("SELECT count(*) FROM outbox_event WHERE status = 'sent'"))
                    .as("the other feeds' events sent").isGreaterThanOrEqualTo(FEEDS - 1);

            // (b) 500 more entries on every feed: 5,000 items to store and publish
            for (int f = 0; f < FEEDS; f++) {
                world.feeds.serve(NewsGenerator.path(f), bulkDocument(f));
            }
            await().atMost(Duration.ofMinutes(3)).until(() -> world.count("SELECT count(*) FROM item") >= 1_000);
            Optional<Duration> exit = world.stopService();
            long storedAtStop = world.count("SELECT count(*) FROM item");
            assertThat(exit).as("exited on SIGTERM by itself").isPresent();
            assertThat(exit.get()).as("time to exit after SIGTERM mid-ingest (%d items stored)", storedAtStop)
                    .isLessThanOrEqualTo(Duration.ofSeconds(25));
            assertThat(world.count("SELECT count(*) FROM outbox_event WHERE status = 'pending' AND claimed_until > now()"))
                    .as("outbox rows left claimed by the stopped instance").isZero();

            // a restart with thousands of rows to publish, on a machine shared with other builds, may take longer than 90 s
            world.startService(Duration.ofMinutes(3));
            await().atMost(Duration.ofMinutes(5)).until(() -> world.count("SELECT count(*) FROM item") >= FEEDS + FEEDS * ENTRIES_PER_FEED);
            DeliveryOracle.Figures figures = DeliveryOracle.judge(world, "route to '..' + SIGTERM mid-ingest of 5,000 items", started);
            assertThat(figures.problems()).isEmpty();
            assertThat(figures.itemsStored()).isGreaterThanOrEqualTo(FEEDS + FEEDS * ENTRIES_PER_FEED);
        }
    }

    /** The feed's generator story and {@link #ENTRIES_PER_FEED} entries of its own. */
    private static String bulkDocument(int feed) {
        StringBuilder rss = new StringBuilder("""
                <?xml version="1.0" encoding="UTF-8"?>
                <rss version="2.0"><channel><title>Fault feed %d</title><link>https://fault.example/%d</link>
                <description>a burst of stories</description><language>en</language>
                """.formatted(feed, feed));
        for (int i = 0; i < ENTRIES_PER_FEED; i++) {
            rss.append("<item><guid isPermaLink=\"false\">urn:reliability:").append(feed).append(':').append(i).append("</guid>")
                    .append("<link>https://fault.example/").append(feed).append("/bulk-").append(i).append("</link>")
                    .append("<title>Bulk story ").append(i).append(" of feed ").append(feed).append("</title>")
                    .append("<description>").append(org.newsingest.testing.Stories.longText(feed * 100_003L + i)).append("</description></item>\n");
        }
        return rss.append("</channel></rss>\n").toString();
    }
}
