package org.newsingest.feed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.newsingest.testing.RealEngines;

/**
 * A feed list of 10,000 feeds is applied in one pass (it used to run past the transaction timeout
 * and stop the service from starting), and applying it again, shrinking it and re-listing a feed
 * behave as the GitOps workflow expects.
 */
@QuarkusTest
@TestProfile(RealEngines.class)
class FeedListSyncTest {

    private static final int FEEDS = 10_000;

    @Inject
    FeedRegistry registry;

    @Inject
    FeedListLoader loader;

    @Test
    void tenThousandFeedsAreSubscribedResyncedShrunkAndRevived() {
        // Port 9 on a loopback host no test serves: polls of these feeds fail fast and harmlessly.
        List<FeedListEntry> list = IntStream.range(0, FEEDS)
                .mapToObj(i -> new FeedListEntry("http://127.0.0.9:9/list-sync/" + i + ".xml", Optional.of("Feed " + i),
                        List.of("bulk"), Optional.of(Duration.ofHours(6))))
                .toList();
        // The start's own sync (of the test profile's empty list) runs after the server listens: let it finish first.
        await().atMost(Duration.ofSeconds(30)).until(() -> loader.status() instanceof FeedListStatus.Synced);
        try {
            long started = System.nanoTime();
            registry.syncFeedList(list);
            System.out.printf("feed list of %d applied in %d ms%n", FEEDS, Duration.ofNanos(System.nanoTime() - started).toMillis());
            assertThat(liveListFeeds()).isEqualTo(FEEDS);

            List<FeedListEntry> again = new ArrayList<>(list);
            again.add(list.get(0)); // listed twice: still one feed
            registry.syncFeedList(again);
            assertThat(liveListFeeds()).isEqualTo(FEEDS);
            assertThat(feeds("normalizedUrl like '%/list-sync/%'")).as("rows, unsubscribed ones included").isEqualTo(FEEDS);

            registry.syncFeedList(list.subList(0, 10));
            assertThat(liveListFeeds()).isEqualTo(10);

            registry.syncFeedList(list.subList(0, 20));
            assertThat(liveListFeeds()).as("re-listed feeds are subscribed again, not duplicated").isEqualTo(20);
            assertThat(feeds("normalizedUrl like '%/list-sync/%'")).isEqualTo(FEEDS);
        } finally {
            registry.syncFeedList(List.of());
        }
        assertThat(liveListFeeds()).isZero();
    }

    private static long liveListFeeds() {
        return feeds("normalizedUrl like '%/list-sync/%' and deletedAt is null");
    }

    private static long feeds(String where) {
        return QuarkusTransaction.requiringNew().call(() -> Feed.count(where));
    }
}
