package org.newsingest.feed;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.newsingest.testing.RssFeeds.rss;
import static org.newsingest.testing.RssFeeds.rssItem;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.newsingest.testing.FeedServer;
import org.newsingest.testing.RealEngines;

/**
 * A feeds file that lists web pages: each is subscribed as the feed it advertises, by the API's
 * discovery; a page that leads to no feed is skipped as not_a_feed; both show in the list status.
 * A later sync recognises the page and fetches nothing.
 */
@QuarkusTest
@TestProfile(FeedListDiscoveryTest.FeedsFile.class)
class FeedListDiscoveryTest {

    static final Path FEEDS_FILE = feedsFile();
    static final FeedServer SITE = FeedServer.start();

    public static class FeedsFile extends RealEngines {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("ingest.feeds-file", FEEDS_FILE.toString());
        }
    }

    @Inject
    FeedListLoader loader;

    @Inject
    MeterRegistry metrics;

    @AfterAll
    static void stop() {
        SITE.close();
    }

    @Test
    void aListedHomePageIsSubscribedAsItsFeedAndAPageWithoutOneIsSkippedAsNotAFeed() throws IOException {
        SITE.serve("/home/", "text/html", ("<html><head><link rel=\"alternate\" type=\"application/rss+xml\" href=\"/home/feed.rss\">"
                + "</head><body>Home</body></html>").getBytes(StandardCharsets.UTF_8));
        SITE.serve("/home/feed.rss", rss("Listed outlet", rssItem("l-1", "https://listed.example/1", "Listed item", "Text.", null)));
        SITE.serve("/bare/", "text/html", "<html><head><title>No feed</title></head><body>x</body></html>".getBytes(StandardCharsets.UTF_8));
        await().atMost(Duration.ofSeconds(30)).until(() -> loader.status() instanceof FeedListStatus.Synced);

        Files.writeString(FEEDS_FILE, "feeds:\n  - url: " + SITE.url("/home/") + "\n    tags: [listed]\n  - url: " + SITE.url("/bare/") + "\n");
        try {
            assertThat(loader.sync()).isInstanceOf(FeedListStatus.Synced.class);
            given().get("/api/v1/feeds/list-status").then().statusCode(200)
                    .body("state", equalTo("synced"))
                    .body("feeds", equalTo(1))
                    .body("discovered", contains(SITE.url("/home/") + " → " + SITE.url("/home/feed.rss")))
                    .body("skipped", hasSize(1))
                    .body("skipped[0]", containsString(SITE.url("/bare/")))
                    .body("skipped[0]", containsString("(not_a_feed)"));
            assertThat(metrics.get("ingest_feed_list_discovered_entries").gauge().value()).isEqualTo(1.0);
            assertThat(liveFeedUrls()).containsExactly(SITE.url("/home/feed.rss"));

            int pageFetches = SITE.hits("/home/");
            assertThat(loader.sync()).isInstanceOf(FeedListStatus.Synced.class);
            assertThat(SITE.hits("/home/")).as("a known page is not fetched again").isEqualTo(pageFetches);
            assertThat(liveFeedUrls()).as("the feed stays subscribed").containsExactly(SITE.url("/home/feed.rss"));
        } finally {
            Files.writeString(FEEDS_FILE, "feeds: []\n");
            loader.sync();
        }
        assertThat(liveFeedUrls()).isEmpty();
    }

    private static List<String> liveFeedUrls() {
        return QuarkusTransaction.requiringNew().call(() -> Feed.<Feed>list("origin = 'file' and deletedAt is null").stream().map(feed -> feed.url).toList());
    }

    private static Path feedsFile() {
        try {
            Path file = Files.createTempFile("feeds-discovery", ".yaml");
            file.toFile().deleteOnExit();
            return Files.writeString(file, "feeds: []\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
