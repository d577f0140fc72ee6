package org.newsingest.fetch;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.newsingest.feed.PollError;

/** Issue 16 finding 10: what a long-running fetcher must not accumulate, and a reset that must not wait for the deadline. */
@Timeout(120)
class FetchLeaksTest {

    @Test
    void theHostLimiterForgetsIdleHostsSoTenThousandHostsDoNotStayInMemory() throws Exception {
        HostLimiter limiter = new HostLimiter(2, Duration.ZERO);
        for (int i = 0; i < 10_000; i++) {
            try (HostLimiter.Slot slot = limiter.acquire("host-" + i + ".test", System.nanoTime() + TimeUnit.SECONDS.toNanos(5))) {
                assertThat(slot).isNotNull();
            }
        }
        assertThat(limiter.trackedHosts()).isLessThanOrEqualTo(HostLimiter.IDLE_HOSTS_KEPT);
    }

    @Test
    void aBusyHostKeepsItsLimitWhileIdleHostsAreForgotten() throws Exception {
        HostLimiter limiter = new HostLimiter(1, Duration.ZERO);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        try (HostLimiter.Slot busy = limiter.acquire("busy.test", deadline)) {
            for (int i = 0; i < 3 * HostLimiter.IDLE_HOSTS_KEPT; i++) {
                limiter.acquire("idle-" + i + ".test", deadline).close();
            }
            long shortDeadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(200);
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> limiter.acquire("busy.test", shortDeadline))
                    .isInstanceOf(HostLimiter.SlotTimeoutException.class);
        }
    }

    @Test
    void hangingDnsLookupsUseABoundedNumberOfThreads() throws Exception {
        CountDownLatch never = new CountDownLatch(1);
        HostResolver hanging = host -> {
            try {
                never.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            throw new UnknownHostException(host);
        };
        AddressGuard guard = new AddressGuard(Fixtures.config().withConnectTimeout(Duration.ofMillis(300)), hanging);
        int before = dnsThreads();
        ExecutorService callers = Executors.newFixedThreadPool(100);
        try {
            List<Future<?>> checks = new ArrayList<>();
            for (int i = 0; i < 300; i++) {
                String host = "hang-" + i + ".test";
                checks.add(callers.submit(() -> guard.check(URI.create("http://" + host + "/feed"))));
            }
            for (Future<?> check : checks) {
                check.get(60, TimeUnit.SECONDS);
            }
            assertThat(dnsThreads() - before).isLessThanOrEqualTo(AddressGuard.MAX_LOOKUP_THREADS);
        } finally {
            callers.shutdownNow();
            never.countDown();
            guard.close();
        }
    }

    @Test
    void finishedFetchesLeaveNoCancelledDeadlineBehind() throws Exception {
        try (MisbehavingServer server = MisbehavingServer.start(MisbehavingServer.ok(MisbehavingServer.rss(1)))) {
            FeedFetcher fetcher = Fixtures.fetcher();
            for (int i = 0; i < 50; i++) {
                assertThat(fetcher.fetch(Fixtures.get(server, "/feed"))).isInstanceOf(FetchResult.Modified.class);
            }
            assertThat(fetcher.pendingDeadlines()).isZero();
        }
    }

    @Test
    void aConnectionResetMidBodyEndsTheFetchAtOnceWithASpecificError() throws Exception {
        try (MisbehavingServer server = MisbehavingServer.start((request, socket, out) -> {
            out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/rss+xml\r\nContent-Length: 100000\r\n\r\n<rss version=\"2.0\"><channel>"
                    + "<title>cut</title>".repeat(200)).getBytes(StandardCharsets.US_ASCII));
            out.flush();
            // Let the client start reading the body, then reset the connection (RST instead of FIN).
            Thread.sleep(300);
            socket.setSoLinger(true, 0);
            socket.close();
        })) {
            long started = System.nanoTime();
            FetchResult result = Fixtures.fetcher().fetch(Fixtures.get(server, "/feed"));
            Duration took = Duration.ofNanos(System.nanoTime() - started);

            assertThat(result).isInstanceOf(FetchResult.Failed.class);
            FetchResult.Failed failed = (FetchResult.Failed) result;
            assertThat(failed.error()).isEqualTo(PollError.NETWORK_ERROR);
            assertThat(failed.detail()).startsWith("connection reset by the server after");
            assertThat(took).isLessThan(Duration.ofSeconds(10));
        }
    }

    private static int dnsThreads() {
        return (int) Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith("fetch-dns")).count();
    }
}
