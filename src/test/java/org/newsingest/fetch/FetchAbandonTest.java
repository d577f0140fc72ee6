package org.newsingest.fetch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 10.6: a fetch cut off at shutdown is {@link FetchResult.Abandoned}, never a
 * {@code timeout} or network error, because nothing about the feed is known.
 */
@Timeout(60)
class FetchAbandonTest {

    @Test
    void aFetchInProgressIsAbandonedAtOnceNotTimedOut() throws Exception {
        CountDownLatch requested = new CountDownLatch(1);
        try (MisbehavingServer server = MisbehavingServer.start((request, socket, out) -> {
            out.write("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            requested.countDown();
            Thread.sleep(30_000); // a peer that holds the request open: only abandoning ends the fetch
        })) {
            FeedFetcher fetcher = Fixtures.fetcher(Fixtures.config().withTimeout(Duration.ofSeconds(30)), Fixtures.dns());
            CompletableFuture<FetchResult> fetch = CompletableFuture.supplyAsync(() -> fetcher.fetch(Fixtures.get(server, "/feed")));
            assertThat(requested.await(10, TimeUnit.SECONDS)).isTrue();
            long abandoned = System.nanoTime();

            fetcher.abandonInFlight();

            FetchResult result = fetch.get(10, TimeUnit.SECONDS);
            assertThat(result).isInstanceOf(FetchResult.Abandoned.class);
            assertThat(result.outcome()).isEqualTo("abandoned");
            assertThat(Duration.ofNanos(System.nanoTime() - abandoned)).isLessThan(Duration.ofSeconds(5));
        }
    }

    @Test
    void aThreadInterruptedWhileWaitingForItsHostSlotIsAbandonedNotTimedOut() throws Exception {
        CountDownLatch requested = new CountDownLatch(1);
        try (MisbehavingServer server = MisbehavingServer.start((request, socket, out) -> {
            requested.countDown();
            Thread.sleep(30_000); // a peer that holds the request open: only abandoning ends the fetch
        })) {
            // One request per host at a time: the second fetch waits for the first one's slot.
            FeedFetcher fetcher = Fixtures.fetcher(Fixtures.config().withTimeout(Duration.ofSeconds(30)).withPerHost(1, Duration.ZERO), Fixtures.dns());
            CompletableFuture.runAsync(() -> fetcher.fetch(Fixtures.get(server, "/first")));
            assertThat(requested.await(10, TimeUnit.SECONDS)).isTrue();
            CompletableFuture<FetchResult> second = new CompletableFuture<>();
            Thread waiting = new Thread(() -> second.complete(fetcher.fetch(Fixtures.get(server, "/second"))));
            waiting.start();
            await().atMost(Duration.ofSeconds(10)) // parked, waiting for the first fetch's slot
                    .until(() -> waiting.getState() == Thread.State.WAITING || waiting.getState() == Thread.State.TIMED_WAITING);

            waiting.interrupt();

            assertThat(second.get(10, TimeUnit.SECONDS)).isInstanceOf(FetchResult.Abandoned.class);
            fetcher.abandonInFlight();
        }
    }
}
