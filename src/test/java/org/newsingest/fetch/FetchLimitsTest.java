package org.newsingest.fetch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.newsingest.fetch.MisbehavingServer.respond;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.newsingest.feed.PollError;

/** reliability-security.md §5 C1–C8 and A4: size caps, decoding, deadlines, broken connections. */
@Timeout(60)
class FetchLimitsTest {

    private static final long CAP = 1024 * 1024;

    // Case C1 of reliability-security.md §5.
    @Test
    void contentLengthOverTheCapIsRefusedBeforeTheBodyIsRead() throws Exception {
        AtomicBoolean writeFailed = new AtomicBoolean();
        CountDownLatch serverDone = new CountDownLatch(1);
        try (MisbehavingServer server = MisbehavingServer.start((request, socket, out) -> {
            try {
                out.write("HTTP/1.1 200 OK\r\nContent-Type: application/rss+xml\r\nContent-Length: 209715200\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                byte[] chunk = new byte[64 * 1024];
                for (int i = 0; i < 3200; i++) {
                    out.write(chunk);
                }
            } catch (Exception e) {
                writeFailed.set(true);
            } finally {
                serverDone.countDown();
            }
        })) {
            FetchResult result = Fixtures.fetcher(Fixtures.config().withMaxBodyBytes(CAP), Fixtures.dns()).fetch(Fixtures.get(server, "/feed"));

            assertThat(result).isInstanceOf(FetchResult.Failed.class);
            assertThat(((FetchResult.Failed) result).error()).isEqualTo(PollError.TOO_LARGE);
            assertThat(((FetchResult.Failed) result).detail()).contains("Content-Length");
            // We hung up: the server cannot push its 200 MB.
            assertThat(serverDone.await(20, TimeUnit.SECONDS)).isTrue();
            assertThat(writeFailed).isTrue();
        }
    }

    // Case C2 of reliability-security.md §5.
    @Test
    void chunkedBodyWithoutLengthStopsAtTheStreamingCap() throws Exception {
        try (MisbehavingServer server = MisbehavingServer.start((request, socket, out) -> {
            out.write("HTTP/1.1 200 OK\r\nContent-Type: application/rss+xml\r\nTransfer-Encoding: chunked\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            byte[] data = new byte[32 * 1024];
            byte[] header = (Integer.toHexString(data.length) + "\r\n").getBytes(StandardCharsets.US_ASCII);
            for (int i = 0; i < 6400; i++) { // 200 MB if nobody stops us
                out.write(header);
                out.write(data);
                out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
            }
        })) {
            FetchResult result = Fixtures.fetcher(Fixtures.config().withMaxBodyBytes(CAP), Fixtures.dns()).fetch(Fixtures.get(server, "/feed"));

            assertFailed(result, PollError.TOO_LARGE);
        }
    }

    // Case C3 of reliability-security.md §5.
    @Test
    void gzipBombStopsWhenTheDecompressedBytesPassTheCap() throws Exception {
        ByteArrayOutputStream compressed = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(compressed)) {
            byte[] zeros = new byte[1024 * 1024];
            for (int i = 0; i < 64; i++) { // 64 MiB of zeros in ~64 KB; the cap is 1 MiB
                gzip.write(zeros);
            }
        }
        byte[] bomb = compressed.toByteArray();
        assertThat(bomb.length).isLessThan((int) CAP);
        try (MisbehavingServer server = MisbehavingServer.start((request, socket, out) ->
                respond(out, 200, "Content-Type: application/rss+xml\r\nContent-Encoding: gzip\r\n", bomb))) {
            long started = System.nanoTime();
            FetchResult result = Fixtures.fetcher(Fixtures.config().withMaxBodyBytes(CAP), Fixtures.dns()).fetch(Fixtures.get(server, "/feed"));

            assertFailed(result, PollError.TOO_LARGE);
            assertThat(((FetchResult.Failed) result).detail()).contains("decompressed");
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
        }
    }

    @Test
    void gzipAndDeflateBodiesAreDecodedByUs() throws Exception {
        String feed = MisbehavingServer.rss(2);
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
            out.write(feed.getBytes(StandardCharsets.UTF_8));
        }
        ByteArrayOutputStream rawDeflate = new ByteArrayOutputStream();
        try (DeflaterOutputStream out = new DeflaterOutputStream(rawDeflate, new Deflater(Deflater.DEFAULT_COMPRESSION, true))) {
            out.write(feed.getBytes(StandardCharsets.UTF_8));
        }
        try (MisbehavingServer server = MisbehavingServer.start((request, socket, out) -> {
            if (request.path().equals("/gzip")) {
                respond(out, 200, "Content-Encoding: gzip\r\n", gz.toByteArray());
            } else {
                respond(out, 200, "Content-Encoding: deflate\r\n", rawDeflate.toByteArray());
            }
        })) {
            FeedFetcher fetcher = Fixtures.fetcher();
            for (String path : new String[] {"/gzip", "/deflate"}) {
                FetchResult result = fetcher.fetch(Fixtures.get(server, path));
                assertThat(result).isInstanceOf(FetchResult.Modified.class);
                assertThat(new String(((FetchResult.Modified) result).body(), StandardCharsets.UTF_8)).isEqualTo(feed);
            }
        }
    }

    // Case C4 of reliability-security.md §5.
    @Test
    void corruptOrTruncatedGzipIsADecodeError() throws Exception {
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
            out.write(MisbehavingServer.rss(50).getBytes(StandardCharsets.UTF_8));
        }
        byte[] truncated = java.util.Arrays.copyOf(gz.toByteArray(), gz.size() / 2);
        byte[] corrupt = "this is not gzip at all".getBytes(StandardCharsets.US_ASCII);
        try (MisbehavingServer server = MisbehavingServer.start((request, socket, out) ->
                respond(out, 200, "Content-Encoding: gzip\r\n", request.path().equals("/truncated") ? truncated : corrupt))) {
            FeedFetcher fetcher = Fixtures.fetcher();

            assertFailed(fetcher.fetch(Fixtures.get(server, "/truncated")), PollError.DECODE_ERROR);
            assertFailed(fetcher.fetch(Fixtures.get(server, "/corrupt")), PollError.DECODE_ERROR);
        }
    }

    // Case C5 of reliability-security.md §5.
    @Test
    void aServerDrippingOneByteAtATimeIsCutOffAtTheOverallDeadline() throws Exception {
        try (MisbehavingServer server = MisbehavingServer.start((request, socket, out) -> {
            out.write("HTTP/1.1 200 OK\r\nContent-Type: application/rss+xml\r\nContent-Length: 1000\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            for (int i = 0; i < 60; i++) { // 30 s of drip: every read succeeds, the whole never ends
                out.write('<');
                out.flush();
                Thread.sleep(500);
            }
        })) {
            long started = System.nanoTime();
            FetchResult result = Fixtures.fetcher(Fixtures.config().withTimeout(Duration.ofSeconds(1)), Fixtures.dns())
                    .fetch(Fixtures.get(server, "/feed"));

            assertFailed(result, PollError.TIMEOUT);
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
        }
    }

    // Case C6 of reliability-security.md §5.
    @Test
    void headersThenSilenceIsCutOffAtTheOverallDeadline() throws Exception {
        try (MisbehavingServer server = MisbehavingServer.start((request, socket, out) -> {
            out.write("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            Thread.sleep(30_000);
        })) {
            long started = System.nanoTime();
            FetchResult result = Fixtures.fetcher(Fixtures.config().withTimeout(Duration.ofSeconds(1)), Fixtures.dns())
                    .fetch(Fixtures.get(server, "/feed"));

            assertFailed(result, PollError.TIMEOUT);
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
        }
    }

    // Case C7 of reliability-security.md §5.
    @Test
    void aServerThatNeverSendsAStatusLineTimesOut() throws Exception {
        try (MisbehavingServer server = MisbehavingServer.start((request, socket, out) -> Thread.sleep(30_000))) {
            long started = System.nanoTime();
            FetchResult result = Fixtures.fetcher(Fixtures.config().withTimeout(Duration.ofSeconds(1)), Fixtures.dns())
                    .fetch(Fixtures.get(server, "/feed"));

            assertFailed(result, PollError.TIMEOUT);
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
        }
    }

    // Case C8 of reliability-security.md §5.
    @Test
    void aConnectionResetMidBodyIsANetworkErrorAndThePartialBodyIsNotReturned() throws Exception {
        try (MisbehavingServer server = MisbehavingServer.start((request, socket, out) -> {
            out.write("HTTP/1.1 200 OK\r\nContent-Type: application/rss+xml\r\nContent-Length: 10000\r\n\r\n<rss version=\"2.0\"><channel>".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            if (request.path().equals("/rst")) {
                socket.setSoLinger(true, 0); // RST instead of FIN
            }
            socket.close();
        })) {
            FeedFetcher fetcher = Fixtures.fetcher();

            assertFailed(fetcher.fetch(Fixtures.get(server, "/fin")), PollError.NETWORK_ERROR);
            assertFailed(fetcher.fetch(Fixtures.get(server, "/rst")), PollError.NETWORK_ERROR);
        }
    }

    // Case A4 of reliability-security.md §5.
    @Test
    void anEmptyBodyIsEmptyBodyNotAQuietDay() throws Exception {
        ByteArrayOutputStream emptyGzip = new ByteArrayOutputStream();
        new GZIPOutputStream(emptyGzip).close();
        try (MisbehavingServer server = MisbehavingServer.start((request, socket, out) -> {
            if (request.path().equals("/gzip")) {
                respond(out, 200, "Content-Encoding: gzip\r\n", emptyGzip.toByteArray());
            } else {
                respond(out, 200, "Content-Type: application/rss+xml\r\n", new byte[0]);
            }
        })) {
            FeedFetcher fetcher = Fixtures.fetcher();

            assertFailed(fetcher.fetch(Fixtures.get(server, "/plain")), PollError.EMPTY_BODY);
            assertFailed(fetcher.fetch(Fixtures.get(server, "/gzip")), PollError.EMPTY_BODY);
        }
    }

    @Test
    void oversizedHeadersAreRefusedNotBuffered() throws Exception {
        try (MisbehavingServer server = MisbehavingServer.start((request, socket, out) -> {
            OutputStream o = out;
            o.write("HTTP/1.1 200 OK\r\nX-Junk: ".getBytes(StandardCharsets.US_ASCII));
            byte[] junk = new byte[1024 * 1024];
            java.util.Arrays.fill(junk, (byte) 'a');
            o.write(junk);
            o.write("\r\nContent-Length: 2\r\n\r\nok".getBytes(StandardCharsets.US_ASCII));
        })) {
            assertFailed(Fixtures.fetcher().fetch(Fixtures.get(server, "/feed")), PollError.NETWORK_ERROR);
        }
    }

    static void assertFailed(FetchResult result, PollError expected) {
        assertThat(result).isInstanceOf(FetchResult.Failed.class);
        assertThat(((FetchResult.Failed) result).error()).as("error of %s", result).isEqualTo(expected);
    }
}
