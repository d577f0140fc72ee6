package org.newsingest.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.newsingest.testing.Stories.longText;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Issue 16 finding 2 on the packaged service, run with the JVM options of the image (a 256 MiB heap,
 * serial GC, exit on OutOfMemoryError; read from docker/Dockerfile): 24 feeds of about 9 MB each,
 * as from 24 outlets publishing full text, all due at once. The service must stay alive, and every
 * feed must end polled or with a recorded error.
 */
@Tag("fault")
class MemoryBudgetIT {

    private static final int FEEDS = 24;
    private static final int BODY_BYTES = 9_000_000;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void twentyFourNineMegabyteFeedsDueAtOnceLeaveTheServiceAliveWithEveryFeedPolledOrFailed() {
        // Every feed is served from 127.0.0.1; as from 24 outlets, the per-host cap must not be what limits them.
        List<String> jvm = new ArrayList<>(World.imageJvmOptions());
        // The GC's own account of the heap, for docs/reliability.md.
        jvm.add("-Xlog:gc:file=" + Path.of("target", "fault", "memory-budget-gc.log").toAbsolutePath());
        try (World world = new World("memory-budget", 0, jvm, Map.of("INGEST_FETCH_PER_HOST_CONCURRENCY", "24"))) {
            for (int f = 0; f < FEEDS; f++) {
                byte[] body = bigFeed(f);
                assertThat(body.length).isBetween(BODY_BYTES, BODY_BYTES + 100_000);
                world.feeds.serve("/big/" + f, "application/rss+xml; charset=utf-8", body);
            }
            for (int f = 0; f < FEEDS; f++) {
                subscribe(world, "/big/" + f);
            }

            AtomicLong peakHeap = new AtomicLong();
            await().atMost(Duration.ofMinutes(6)).pollInterval(Duration.ofSeconds(2)).until(() -> {
                assertThat(world.service.alive()).as("the service is alive (it exits on OutOfMemoryError)").isTrue();
                peakHeap.accumulateAndGet(heapUsed(world), Math::max);
                return world.count("SELECT count(DISTINCT l.feed_id) FROM fetch_log l JOIN feed f ON f.id = l.feed_id WHERE f.url LIKE '%/big/%'")
                        == FEEDS;
            });

            assertThat(world.service.alive()).isTrue();
            assertThat(world.serviceLogLines("OutOfMemoryError")).isZero();
            System.out.printf("MemoryBudgetIT: heap used at most %d MB (sampled every 2 s); %d of %d feeds polled without error%n",
                    peakHeap.get() / 1_000_000, world.count("SELECT count(*) FROM feed WHERE url LIKE '%/big/%' AND last_error IS NULL"), FEEDS);
            // Polled, or failed with an error the feed row and the fetch log name.
            assertThat(world.count("SELECT count(*) FROM feed WHERE url LIKE '%/big/%' AND last_fetched_at IS NOT NULL"
                    + " AND (last_error IS NULL OR last_error_detail IS NOT NULL)")).isEqualTo(FEEDS);
            assertThat(world.count("SELECT count(*) FROM feed WHERE url LIKE '%/big/%' AND last_error IS NULL")).isPositive();
            assertThat(world.count("SELECT count(*) FROM item i JOIN feed f ON f.id = i.feed_id WHERE f.url LIKE '%/big/%'")).isPositive();
        }
    }

    /** A valid RSS document of about 9 MB: entries of about 50 kB of full text each, with links of this feed's own. */
    private static byte[] bigFeed(int feed) {
        StringBuilder xml = new StringBuilder(BODY_BYTES + 100_000)
                .append("<?xml version=\"1.0\" encoding=\"utf-8\"?><rss version=\"2.0\" xmlns:content=\"http://purl.org/rss/1.0/modules/content/\">")
                .append("<channel><title>Big feed ").append(feed).append("</title><link>https://big-").append(feed).append(".example/</link>")
                .append("<description>Full text, every episode</description>");
        for (int entry = 0; xml.length() < BODY_BYTES; entry++) {
            xml.append("<item><title>Episode ").append(entry).append(" of outlet ").append(feed).append("</title>")
                    .append("<link>https://big-").append(feed).append(".example/episode/").append(entry).append("</link>")
                    .append("<guid isPermaLink=\"false\">big-").append(feed).append('-').append(entry).append("</guid>")
                    .append("<pubDate>Mon, 30 Nov 2026 09:00:00 GMT</pubDate>")
                    .append("<description>").append(longText(feed * 100_000L + entry)).append("</description><content:encoded><![CDATA[");
            for (int paragraph = 0; paragraph < 80; paragraph++) {
                xml.append("<p>").append(longText(feed * 100_000L + entry * 100L + paragraph)).append("</p>");
            }
            xml.append("]]></content:encoded></item>");
        }
        return xml.append("</channel></rss>").toString().getBytes(StandardCharsets.UTF_8);
    }

    /** jvm_memory_used_bytes of the heap pools, from the service's metrics. */
    private static long heapUsed(World world) {
        try {
            String metrics = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + world.managementPort + "/q/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            return (long) metrics.lines().filter(line -> line.startsWith("jvm_memory_used_bytes{") && line.contains("area=\"heap\""))
                    .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum();
        } catch (IOException e) {
            return 0; // the service is busy or gone; the liveness assertion says which
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
    }

    private static void subscribe(World world, String path) {
        String body = "{\"url\":\"" + world.feeds.url(path) + "\"}";
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + world.httpPort + "/api/v1/feeds"))
                    .header("Content-Type", "application/json").header("Authorization", "Bearer " + World.API_KEY)
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(201);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
