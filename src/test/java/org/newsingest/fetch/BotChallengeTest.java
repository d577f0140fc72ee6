package org.newsingest.fetch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.newsingest.fetch.FetchLimitsTest.assertFailed;
import static org.newsingest.fetch.MisbehavingServer.respond;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.newsingest.feed.PollError;

/** Bot walls answering in the publisher's place are {@code bot-challenge}; ordinary 403/503 stay what they are. */
@Timeout(60)
class BotChallengeTest {

    private static final String CLOUDFLARE_PAGE = "<!DOCTYPE html><html lang=\"en-US\"><head><title>Just a moment...</title>"
            + "<meta http-equiv=\"refresh\" content=\"390\"></head><body><script>window._cf_chl_opt={cvId: '3'};</script>"
            + "<script src=\"/cdn-cgi/challenge-platform/h/b/orchestrate/chl_page/v1?ray=8\"></script></body></html>";
    private static final String AKAMAI_PAGE = "<HTML><HEAD>\n<TITLE>Access Denied</TITLE>\n</HEAD><BODY>\n<H1>Access Denied</H1>\n"
            + "You don't have permission to access \"http&#58;&#47;&#47;www&#46;example&#46;com&#47;feed\" on this server.<P>\n"
            + "Reference&#32;&#35;18&#46;4c3e2f17&#46;1733480000&#46;9a1b2c3\n<P>https&#58;&#47;&#47;errors&#46;edgesuite&#46;net&#47;18</P>"
            + "</BODY>\n</HTML>\nerrors.edgesuite.net";

    @Test
    void theCfMitigatedHeaderOnA403IsABotChallengeWhateverTheBody() throws Exception {
        try (MisbehavingServer server = MisbehavingServer.start((request, socket, out) ->
                respond(out, 403, "cf-mitigated: challenge\r\nContent-Type: text/html\r\n", "<html>nothing to see</html>"))) {
            FetchResult result = Fixtures.fetcher().fetch(Fixtures.get(server, "/feed"));

            assertFailed(result, PollError.BOT_CHALLENGE);
            assertThat(result.status()).isEqualTo(403);
            assertThat(((FetchResult.Failed) result).detail()).contains("Cloudflare").doesNotContain("nothing to see");
        }
    }

    @Test
    void aJustAMomentPageOnA503IsABotChallengeEvenGzippedAndWithoutTheHeader() throws Exception {
        ByteArrayOutputStream gzipped = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(gzipped)) {
            gzip.write(CLOUDFLARE_PAGE.getBytes(StandardCharsets.UTF_8));
        }
        try (MisbehavingServer server = MisbehavingServer.start((request, socket, out) ->
                respond(out, 503, "Content-Type: text/html\r\nContent-Encoding: gzip\r\n", gzipped.toByteArray()))) {
            FetchResult result = Fixtures.fetcher().fetch(Fixtures.get(server, "/feed"));

            assertFailed(result, PollError.BOT_CHALLENGE);
            assertThat(result.status()).isEqualTo(503);
        }
    }

    @Test
    void akamaisAccessDeniedReferencePageIsABotChallenge() throws Exception {
        try (MisbehavingServer server = MisbehavingServer.start((request, socket, out) ->
                respond(out, 403, "Content-Type: text/html\r\nServer: AkamaiGHost\r\n", AKAMAI_PAGE))) {
            assertFailed(Fixtures.fetcher().fetch(Fixtures.get(server, "/feed")), PollError.BOT_CHALLENGE);
        }
    }

    @Test
    void aChallengePageServedWith200IsABotChallengeNotAParseError() throws Exception {
        try (MisbehavingServer server = MisbehavingServer.start((request, socket, out) ->
                respond(out, 200, "Content-Type: text/html; charset=utf-8\r\n", CLOUDFLARE_PAGE))) {
            assertFailed(Fixtures.fetcher().fetch(Fixtures.get(server, "/feed")), PollError.BOT_CHALLENGE);
        }
    }

    @Test
    void anOrdinary403IsAnAuthFailureAndAnOrdinary503IsA5xx() throws Exception {
        try (MisbehavingServer server = MisbehavingServer.start((request, socket, out) ->
                respond(out, Integer.parseInt(request.path().substring(1)), "Content-Type: text/html\r\n",
                        "<html><head><title>Forbidden</title></head><body>Just a moment, please: maintenance.</body></html>"))) {
            assertFailed(Fixtures.fetcher().fetch(Fixtures.get(server, "/403")), PollError.AUTH_FAILED);
            assertFailed(Fixtures.fetcher().fetch(Fixtures.get(server, "/503")), PollError.HTTP_5XX);
        }
    }

    @Test
    void markersAreTheKnownOnesOnly() {
        assertThat(BotChallenge.inPage("<html><head><title>DDoS-Guard</title></head></html>".getBytes(StandardCharsets.UTF_8))).contains("DDoS-Guard");
        assertThat(BotChallenge.inPage("<title>Sucuri WebSite Firewall - Access Denied</title>".getBytes(StandardCharsets.UTF_8))).contains("Sucuri");
        assertThat(BotChallenge.inPage("<title>Attention Required! | Cloudflare</title>".getBytes(StandardCharsets.UTF_8))).contains("Cloudflare");
        // Akamai needs its reference host: a plain "Access Denied" title is any server's 403.
        assertThat(BotChallenge.inPage("<title>Access Denied</title>".getBytes(StandardCharsets.UTF_8))).isEmpty();
        assertThat(BotChallenge.inPage(MisbehavingServer.rss(3).getBytes(StandardCharsets.UTF_8))).isEmpty();
    }
}
