package org.newsingest.fetch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.newsingest.fetch.FetchLimitsTest.assertFailed;
import static org.newsingest.fetch.MisbehavingServer.respond;

import java.net.URI;
import javax.net.ssl.SSLServerSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.newsingest.feed.PollError;

/**
 * reliability-security.md §5 C9 (TLS failures), C17 (https→http) and C25 (which redirects may
 * move the stored URL). The client trusts the test certificates unless a test says otherwise.
 */
@Timeout(60)
class FetchTlsTest {

    private static URI https(MisbehavingServer server, String host, String path) {
        return URI.create("https://" + host + ":" + server.port() + path);
    }

    @Test
    void httpsWithATrustedCertificateWorksAndVerifiesTheHostName() throws Exception {
        try (MisbehavingServer server = MisbehavingServer.startTls(Fixtures.serverContext("good.p12"), MisbehavingServer.ok(MisbehavingServer.rss(1)))) {
            FetchResult result = Fixtures.fetcher().fetch(FetchRequest.unconditional(https(server, "feeds.test", "/feed")));

            assertThat(result).isInstanceOf(FetchResult.Modified.class);
        }
    }

    // Case C9 of reliability-security.md §5.
    @Test
    void selfSignedExpiredMismatchedAndOldProtocolCertificatesAreTlsErrors() throws Exception {
        try (MisbehavingServer good = MisbehavingServer.startTls(Fixtures.serverContext("good.p12"), MisbehavingServer.ok(MisbehavingServer.rss(1)));
             MisbehavingServer expired = MisbehavingServer.startTls(Fixtures.serverContext("expired.p12"), MisbehavingServer.ok(MisbehavingServer.rss(1)))) {
            TestConfig config = Fixtures.config();
            // The JVM's own trust store does not know our self-signed certificate.
            FeedFetcher defaultTrust = new FeedFetcher(config, new AddressGuard(config, Fixtures.dns()), null);
            FeedFetcher testTrust = Fixtures.fetcher();

            FetchResult selfSigned = defaultTrust.fetch(FetchRequest.unconditional(https(good, "feeds.test", "/feed")));
            FetchResult outOfDate = testTrust.fetch(FetchRequest.unconditional(https(expired, "feeds.test", "/feed")));
            FetchResult wrongName = testTrust.fetch(FetchRequest.unconditional(https(good, "other.test", "/feed")));
            FetchResult plainToTls = testTrust.fetch(FetchRequest.unconditional(URI.create("http://feeds.test:" + good.port() + "/feed")));

            assertFailed(selfSigned, PollError.TLS_ERROR);
            assertFailed(outOfDate, PollError.TLS_ERROR);
            assertFailed(wrongName, PollError.TLS_ERROR);
            assertThat(plainToTls).isInstanceOf(FetchResult.Failed.class);
        }
    }

    // Case C9 of reliability-security.md §5.
    @Test
    void aServerSpeakingOnlyTls10IsATlsError() throws Exception {
        try (MisbehavingServer old = MisbehavingServer.startTls(Fixtures.serverContext("good.p12"), MisbehavingServer.ok(MisbehavingServer.rss(1)),
                socket -> ((SSLServerSocket) socket).setEnabledProtocols(new String[] {"TLSv1"}))) {

            FetchResult result = Fixtures.fetcher().fetch(FetchRequest.unconditional(https(old, "feeds.test", "/feed")));

            assertFailed(result, PollError.TLS_ERROR);
        }
    }

    // Case C17 of reliability-security.md §5.
    @Test
    void anHttpsFeedRedirectingToHttpIsNotFollowed() throws Exception {
        try (MisbehavingServer plain = MisbehavingServer.start(MisbehavingServer.ok(MisbehavingServer.rss(1)));
             MisbehavingServer secure = MisbehavingServer.startTls(Fixtures.serverContext("good.p12"),
                     MisbehavingServer.status(301, "Location: http://feeds.test:" + plain.port() + "/feed\r\n"))) {
            FetchResult result = Fixtures.fetcher().fetch(FetchRequest.unconditional(https(secure, "feeds.test", "/feed")));

            assertFailed(result, PollError.INSECURE_REDIRECT);
            assertThat(plain.connections()).isZero();
        }
    }

    // Case C25 of reliability-security.md §5.
    @Test
    void only301And308ToHttpsAreOfferedAsTheNewUrlNever302Or307() throws Exception {
        try (MisbehavingServer secure = MisbehavingServer.startTls(Fixtures.serverContext("good.p12"), MisbehavingServer.ok(MisbehavingServer.rss(1)));
             MisbehavingServer plain = MisbehavingServer.start((request, socket, out) -> {
                 String path = request.path();
                 int status = Integer.parseInt(path.substring(1, 4));
                 String target = path.endsWith("/plain") ? "http://feeds.test:" + socket.getLocalPort() + "/200" : "https://feeds.test:" + secure.port() + "/new";
                 if (status == 200) {
                     respond(out, 200, "", MisbehavingServer.rss(1));
                 } else if (path.contains("/then302")) {
                     respond(out, status, "Location: /302/x\r\n", "");
                 } else {
                     respond(out, status, "Location: " + target + "\r\n", "");
                 }
             })) {
            FeedFetcher fetcher = Fixtures.fetcher();
            URI moved = https(secure, "feeds.test", "/new");

            assertThat(redirect(fetcher, plain, "/301/x")).contains(moved);
            assertThat(redirect(fetcher, plain, "/308/x")).contains(moved);
            assertThat(redirect(fetcher, plain, "/302/x")).isEmpty();
            assertThat(redirect(fetcher, plain, "/307/x")).isEmpty();
            assertThat(redirect(fetcher, plain, "/301/plain")).as("a move to plain http is followed, never stored").isEmpty();
            // The permanent part of a chain counts: 301 then 302 offers the 302's source, the stable address.
            assertThat(redirect(fetcher, plain, "/301/then302")).isEmpty();
        }
    }

    private static java.util.Optional<URI> redirect(FeedFetcher fetcher, MisbehavingServer server, String path) {
        FetchResult result = fetcher.fetch(Fixtures.get(server, path));
        assertThat(result).as(path).isInstanceOf(FetchResult.Modified.class);
        return ((FetchResult.Modified) result).permanentRedirect();
    }
}
