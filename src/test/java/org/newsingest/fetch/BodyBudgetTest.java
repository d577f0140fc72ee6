package org.newsingest.fetch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.newsingest.feed.PollError;

/** Issue 16 finding 2: body bytes fetched and parsed at once stay within ingest.fetch.max-bytes-in-flight, by waiting. */
@Timeout(120)
class BodyBudgetTest {

    private static final int MB = 1024 * 1024;

    @Test
    void aSecondBodyWaitsUntilTheFirstDocumentIsDoneAndThenProceeds() throws Exception {
        BodyBudget budget = new BodyBudget(8 * MB, Duration.ofSeconds(60));
        try (MisbehavingServer server = MisbehavingServer.start(body(6 * MB))) {
            FeedFetcher fetcher = new FeedFetcher(Fixtures.config(), new AddressGuard(Fixtures.config(), Fixtures.dns()), null, budget);
            ExecutorService polls = Executors.newFixedThreadPool(2);
            CountDownLatch firstFetched = new CountDownLatch(1);
            CountDownLatch firstStored = new CountDownLatch(1);
            try {
                CompletableFuture<FetchResult> first = CompletableFuture.supplyAsync(() -> {
                    try (BodyBudget.Hold hold = budget.hold()) {
                        FetchResult result = fetcher.fetch(Fixtures.get(server, "/first"));
                        firstFetched.countDown();
                        // Parsing and storing: the bytes stay reserved until the poll is done.
                        await().atMost(Duration.ofSeconds(60)).until(() -> firstStored.getCount() == 0);
                        return result;
                    }
                }, polls);
                assertThat(firstFetched.await(60, TimeUnit.SECONDS)).isTrue();
                assertThat(budget.bytesInFlight()).isGreaterThanOrEqualTo(6 * MB);

                CompletableFuture<FetchResult> second = CompletableFuture.supplyAsync(() -> {
                    try (BodyBudget.Hold hold = budget.hold()) {
                        return fetcher.fetch(Fixtures.get(server, "/second"));
                    }
                }, polls);
                await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> !second.isDone());

                firstStored.countDown();
                assertThat(first.get(60, TimeUnit.SECONDS)).isInstanceOf(FetchResult.Modified.class);
                assertThat(second.get(60, TimeUnit.SECONDS)).isInstanceOf(FetchResult.Modified.class);
                assertThat(((FetchResult.Modified) second.get()).body()).hasSize(6 * MB);
                await().atMost(Duration.ofSeconds(10)).until(() -> budget.bytesInFlight() == 0);
            } finally {
                polls.shutdownNow();
            }
        }
    }

    @Test
    void aBodyLargerThanTheWholeBudgetStillProceedsAlone() throws Exception {
        BodyBudget budget = new BodyBudget(2 * MB, Duration.ofSeconds(5));
        try (MisbehavingServer server = MisbehavingServer.start(body(5 * MB))) {
            FeedFetcher fetcher = new FeedFetcher(Fixtures.config(), new AddressGuard(Fixtures.config(), Fixtures.dns()), null, budget);
            try (BodyBudget.Hold hold = budget.hold()) {
                FetchResult result = fetcher.fetch(Fixtures.get(server, "/large"));
                assertThat(result).isInstanceOf(FetchResult.Modified.class);
                assertThat(budget.bytesInFlight()).isEqualTo(2 * MB);
            }
            assertThat(budget.bytesInFlight()).isZero();
        }
    }

    @Test
    void aFetchThatCannotGetBudgetInTimeFailsAsATimeoutNamingTheBudgetAndHoldsNothing() throws Exception {
        BodyBudget budget = new BodyBudget(4 * MB, Duration.ofMillis(500));
        try (MisbehavingServer server = MisbehavingServer.start(chunkedBody(3 * MB))) {
            FeedFetcher fetcher = new FeedFetcher(Fixtures.config(), new AddressGuard(Fixtures.config(), Fixtures.dns()), null, budget);
            try (BodyBudget.Hold other = budget.hold()) {
                assertThat(other.reserve(3 * MB)).isTrue();
                CompletableFuture<FetchResult> waiting = CompletableFuture.supplyAsync(() -> fetcher.fetch(Fixtures.get(server, "/waits")));
                FetchResult result = waiting.get(60, TimeUnit.SECONDS);
                assertThat(result).isInstanceOf(FetchResult.Failed.class);
                assertThat(((FetchResult.Failed) result).error()).isEqualTo(PollError.TIMEOUT);
                assertThat(((FetchResult.Failed) result).detail()).contains("ingest.fetch.max-bytes-in-flight");
                assertThat(budget.bytesInFlight()).isEqualTo(3 * MB);
            }
        }
    }

    /** {@code size} bytes of a valid-looking RSS body, with its Content-Length. */
    private static MisbehavingServer.Handler body(int size) {
        byte[] body = filler(size);
        return (request, socket, out) -> MisbehavingServer.respond(out, 200, "Content-Type: application/rss+xml\r\n", body);
    }

    /** The same without a Content-Length (chunked), so the fetch reserves as it reads. */
    private static MisbehavingServer.Handler chunkedBody(int size) {
        byte[] body = filler(size);
        return (request, socket, out) -> {
            out.write("HTTP/1.1 200 OK\r\nContent-Type: application/rss+xml\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            for (int from = 0; from < body.length; from += 64 * 1024) {
                int length = Math.min(64 * 1024, body.length - from);
                out.write((Integer.toHexString(length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(body, from, length);
                out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
            }
            out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
        };
    }

    private static byte[] filler(int size) {
        byte[] body = new byte[size];
        Arrays.fill(body, (byte) 'x');
        byte[] head = "<rss version=\"2.0\"><channel><title>".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(head, 0, body, 0, head.length);
        return body;
    }
}
