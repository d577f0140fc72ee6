package org.newsingest.fetch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.newsingest.fetch.FetchLimitsTest.assertFailed;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.newsingest.feed.PollError;

/**
 * reliability-security.md §5 C28 for one instance (per-host cap and spacing), and the issue's
 * "one hostile feed never delays the polling of the others beyond its own deadline".
 */
@Timeout(60)
class PolitenessTest {

    // Case C28 of reliability-security.md §5.
    @Test
    void neverMoreThanThePerHostLimitOfConcurrentRequestsToOneHost() throws Exception {
        // Counted as "arrived and not yet answered": a client frees its slot only after the
        // answer, so this count is exact (a count of open sockets would include closing ones).
        java.util.concurrent.atomic.AtomicInteger unanswered = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicInteger most = new java.util.concurrent.atomic.AtomicInteger();
        try (MisbehavingServer server = MisbehavingServer.start((request, socket, out) -> {
            most.accumulateAndGet(unanswered.incrementAndGet(), Math::max);
            Thread.sleep(300); // a slow answer, so that requests overlap
            unanswered.decrementAndGet();
            MisbehavingServer.respond(out, 200, "", MisbehavingServer.rss(1));
        })) {
            FeedFetcher fetcher = Fixtures.fetcher(Fixtures.config().withPerHost(2, Duration.ZERO), Fixtures.dns());
            ExecutorService pool = Executors.newFixedThreadPool(8);
            try {
                List<Future<FetchResult>> results = new ArrayList<>();
                for (int i = 0; i < 8; i++) {
                    results.add(pool.submit(() -> fetcher.fetch(Fixtures.get(server, "/feed"))));
                }
                for (Future<FetchResult> result : results) {
                    assertThat(result.get(30, TimeUnit.SECONDS)).isInstanceOf(FetchResult.Modified.class);
                }
            } finally {
                pool.shutdownNow();
            }

            assertThat(server.requests()).hasSize(8);
            assertThat(most.get()).isBetween(1, 2);
        }
    }

    @Test
    void requestsToOneHostStartAtLeastTheMinimumSpacingApart() throws Exception {
        List<Long> starts = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (MisbehavingServer server = MisbehavingServer.start((request, socket, out) -> {
            starts.add(System.nanoTime());
            MisbehavingServer.respond(out, 200, "", MisbehavingServer.rss(1));
        })) {
            FeedFetcher fetcher = Fixtures.fetcher(Fixtures.config().withPerHost(2, Duration.ofMillis(300)), Fixtures.dns());
            for (int i = 0; i < 3; i++) {
                assertThat(fetcher.fetch(Fixtures.get(server, "/feed"))).isInstanceOf(FetchResult.Modified.class);
            }

            assertThat(starts).hasSize(3);
            for (int i = 1; i < starts.size(); i++) {
                // Lower bound only (never flaky): a little slack for clock granularity.
                assertThat(Duration.ofNanos(starts.get(i) - starts.get(i - 1))).isGreaterThan(Duration.ofMillis(250));
            }
        }
    }

    @Test
    void waitingForABusyHostCountsAgainstTheDeadline() throws Exception {
        try (MisbehavingServer server = MisbehavingServer.start((request, socket, out) -> Thread.sleep(20_000))) { // never answers
            TestConfig config = Fixtures.config().withPerHost(1, Duration.ZERO).withTimeout(Duration.ofSeconds(1));
            FeedFetcher fetcher = Fixtures.fetcher(config, Fixtures.dns());
            ExecutorService pool = Executors.newFixedThreadPool(2);
            try {
                Future<FetchResult> holder = pool.submit(() -> fetcher.fetch(Fixtures.get(server, "/slow")));
                await().atMost(Duration.ofSeconds(10)).until(() -> server.requests().size() == 1); // the holder has the host's one slot
                long started = System.nanoTime();
                FetchResult waiter = fetcher.fetch(Fixtures.get(server, "/queued"));

                assertFailed(waiter, PollError.TIMEOUT);
                assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
                assertFailed(holder.get(10, TimeUnit.SECONDS), PollError.TIMEOUT);
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Test
    void oneHostileFeedNeverDelaysTheOthersBeyondItsOwnDeadline() throws Exception {
        try (MisbehavingServer hostile = MisbehavingServer.start((request, socket, out) -> {
            out.write("HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\n".getBytes());
            for (int i = 0; i < 200; i++) {
                out.write(' ');
                out.flush();
                Thread.sleep(100); // drips one byte at a time
            }
        }); MisbehavingServer healthy = MisbehavingServer.start(MisbehavingServer.ok(MisbehavingServer.rss(2)))) {
            // The hostile host is feeds.test, the healthy one other.test: same fetcher, same limits.
            TestConfig config = Fixtures.config().withPerHost(2, Duration.ZERO).withTimeout(Duration.ofSeconds(10));
            FeedFetcher fetcher = Fixtures.fetcher(config, Fixtures.dns());
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                List<Future<FetchResult>> stuck = new ArrayList<>();
                for (int i = 0; i < 3; i++) { // more than the per-host cap: one of them queues for a slot
                    stuck.add(pool.submit(() -> fetcher.fetch(Fixtures.get(hostile, "/drip"))));
                }
                org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(8)).until(() -> hostile.requests().size() >= 2);
                FetchResult other = fetcher.fetch(FetchRequest.unconditional(java.net.URI.create("http://other.test:" + healthy.port() + "/feed")));

                assertThat(other).isInstanceOf(FetchResult.Modified.class);
                // Proven by order, not by a stopwatch: the healthy fetch is done while every hostile one still hangs.
                assertThat(stuck).as("the healthy feed does not wait for the hostile one").noneMatch(Future::isDone);
                assertThat(hostile.requests()).as("the third hostile fetch waits for a slot").hasSize(2);
                for (Future<FetchResult> result : stuck) {
                    assertFailed(result.get(30, TimeUnit.SECONDS), PollError.TIMEOUT);
                }
            } finally {
                pool.shutdownNow();
            }
        }
    }
}
