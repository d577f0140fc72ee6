package org.newsingest.feed;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.newsingest.testing.RealEngines;

/**
 * The feed list is synced after the service is up, so a broken feeds file no longer stops the
 * start; its error reaches the operator through the API, the metric and the log, and the next
 * good file is applied with each refused entry named.
 */
@QuarkusTest
@TestProfile(FeedListAfterReadyTest.BrokenFeedsFile.class)
class FeedListAfterReadyTest {

    static final Path FEEDS_FILE = feedsFile("feeds:\n  - url: [unclosed\n");

    public static class BrokenFeedsFile extends RealEngines {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("ingest.feeds-file", FEEDS_FILE.toString());
        }
    }

    @Inject
    FeedListLoader loader;

    @Inject
    MeterRegistry metrics;

    @Test
    void aBrokenFileIsReportedWhileTheServiceRunsAndTheFixedFileIsSyncedNamingRefusedEntries() throws IOException {
        // Nobody calls the sync here: the start ran it once the server listened, and it failed.
        await().atMost(Duration.ofSeconds(30)).until(() -> loader.status() instanceof FeedListStatus.Failed);
        given().get("/api/v1/feeds/list-status").then().statusCode(200)
                .body("state", equalTo("failed"))
                .body("source", equalTo(FEEDS_FILE.toString()))
                .body("error", containsString("not valid YAML"));
        assertThat(gauge("ingest_feed_list_sync_failed")).isEqualTo(1.0);
        given().get("/api/v1/feeds").then().statusCode(200); // the service is up and serving

        Files.writeString(FEEDS_FILE, """
                feeds:
                  - url: http://127.0.0.9:9/after-ready/one.xml
                  - url: http://127.0.0.9:9/after-ready/two.xml
                    pollInterval: PT6H
                  - url: ftp://127.0.0.9/after-ready/three.xml
                """);
        try {
            assertThat(loader.sync()).isInstanceOf(FeedListStatus.Synced.class);
            given().get("/api/v1/feeds/list-status").then().statusCode(200)
                    .body("state", equalTo("synced"))
                    .body("feeds", equalTo(2))
                    .body("skipped", hasSize(1))
                    .body("skipped", hasItem(containsString("ftp://127.0.0.9/after-ready/three.xml")));
            assertThat(gauge("ingest_feed_list_sync_failed")).isZero();
            assertThat(gauge("ingest_feed_list_skipped_entries")).isEqualTo(1.0);
            assertThat(liveFeeds()).isEqualTo(2);
        } finally {
            Files.writeString(FEEDS_FILE, "feeds: []\n");
            loader.sync();
        }
        assertThat(liveFeeds()).isZero();
    }

    private double gauge(String name) {
        return metrics.get(name).gauge().value();
    }

    private static long liveFeeds() {
        return QuarkusTransaction.requiringNew().call(() -> Feed.count("normalizedUrl like '%/after-ready/%' and deletedAt is null"));
    }

    private static Path feedsFile(String content) {
        try {
            Path file = Files.createTempFile("feeds-after-ready", ".yaml");
            file.toFile().deleteOnExit();
            return Files.writeString(file, content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
