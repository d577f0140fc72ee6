package org.newsingest.fetch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.newsingest.fetch.MisbehavingServer.respond;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A feed's own headers and User-Agent: sent to its origin, never to another one a redirect names, never printed. */
@Timeout(60)
class RequestSettingsTest {

    private static final RequestSettings MEMBERS = new RequestSettings(Map.of("Authorization", "Bearer s3cr3t", "Cookie", "member=1"),
            Optional.of("MembersReader/2.0"));

    @Test
    void theFeedsHeadersAndUserAgentAreSentToItsOrigin() throws Exception {
        try (MisbehavingServer server = MisbehavingServer.start((request, socket, out) ->
                respond(out, 200, "Content-Type: application/rss+xml\r\n", MisbehavingServer.rss(1)))) {
            FetchResult result = Fixtures.fetcher().fetch(new FetchRequest(Fixtures.url(server, "/members.xml"), Optional.empty(), Optional.empty(), MEMBERS));

            assertThat(result).isInstanceOf(FetchResult.Modified.class);
            MisbehavingServer.Request sent = server.requests().get(0);
            assertThat(sent.header("Authorization")).isEqualTo("Bearer s3cr3t");
            assertThat(sent.header("Cookie")).isEqualTo("member=1");
            assertThat(sent.header("User-Agent")).isEqualTo("MembersReader/2.0");
        }
    }

    @Test
    void aRedirectToAnotherHostGetsNoneOfTheFeedsHeaders() throws Exception {
        try (MisbehavingServer server = MisbehavingServer.start((request, socket, out) -> {
            if (request.path().equals("/members.xml")) {
                respond(out, 302, "Location: http://other.test:" + socket.getLocalPort() + "/elsewhere.xml\r\n", "");
            } else {
                respond(out, 200, "Content-Type: application/rss+xml\r\n", MisbehavingServer.rss(1));
            }
        })) {
            Fixtures.fetcher().fetch(new FetchRequest(Fixtures.url(server, "/members.xml"), Optional.empty(), Optional.empty(), MEMBERS));

            assertThat(server.requests()).hasSize(2);
            assertThat(server.requests().get(1).header("Authorization")).isNull();
            assertThat(server.requests().get(1).header("Cookie")).isNull();
        }
    }

    @Test
    void theSettingsPrintHeaderNamesOnly() {
        assertThat(MEMBERS.toString()).contains("Authorization", "Cookie").doesNotContain("s3cr3t", "member=1");
    }
}
