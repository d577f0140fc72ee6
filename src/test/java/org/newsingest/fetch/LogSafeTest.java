package org.newsingest.fetch;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** reliability-security.md §5 F1 and F2: what reaches the logs from feeds and servers. */
class LogSafeTest {

    // Case F1 of reliability-security.md §5.
    @Test
    void controlCharactersAreEscapedAndLongValuesTruncated() {
        String hostile = "Title\r\nINFO forged entry\u001b[2J\u0000\u2028end" + "x".repeat(1_000_000);

        String safe = LogSafe.text(hostile);

        assertThat(safe).doesNotContain("\r", "\n", "\u001b", "\u0000", "\u2028");
        assertThat(safe).startsWith("Title\\u000d\\u000aINFO forged entry\\u001b[2J\\u0000\\u2028end");
        assertThat(safe.length()).isLessThan(LogSafe.DEFAULT_MAX + 40);
        assertThat(safe).endsWith("more chars]");
    }

    // Case F2 of reliability-security.md §5.
    @Test
    void credentialsInUrlsAreRedacted() {
        assertThat(LogSafe.url("https://user:secret@feeds.test/feed?x=1")).isEqualTo("https://***@feeds.test/feed?x=1");
        assertThat(LogSafe.url("http://token@feeds.test:8080/")).isEqualTo("http://***@feeds.test:8080/");
        assertThat(LogSafe.url("http://user@evil.com@127.0.0.1/")).isEqualTo("http://***@127.0.0.1/");
        assertThat(LogSafe.url("https://feeds.test/a@b")).isEqualTo("https://feeds.test/a@b");
        assertThat(LogSafe.url("https://u:p@feeds.test/\r\nforged")).doesNotContain("p@", "\n");
    }

    @Test
    void credentialLikeQueryParametersAreRedactedWhateverTheirCaseAndTheRestIsKept() {
        assertThat(LogSafe.url("https://feeds.test/feed?token=t0k&x=1&API_KEY=k3y;sig=s1g#frag"))
                .isEqualTo("https://feeds.test/feed?token=***&x=1&API_KEY=***;sig=***#frag");
        assertThat(LogSafe.url("http://reader:pw@feeds.test/feed?access_token=a&tokens=kept"))
                .isEqualTo("http://***@feeds.test/feed?access_token=***&tokens=kept");
        assertThat(UrlSecrets.redacted("https://feeds.test/a?password=&b")).isEqualTo("https://feeds.test/a?password=***&b");
        assertThat(UrlSecrets.redacted("https://feeds.test/?q=token=x")).isEqualTo("https://feeds.test/?q=token=x");
    }

    @Test
    void fetchErrorDetailsAreAlreadySafe() throws Exception {
        try (MisbehavingServer server = MisbehavingServer.start(MisbehavingServer.status(302, "Location: /\u001b[2J\r\n"))) {
            FetchResult result = Fixtures.fetcher().fetch(Fixtures.get(server, "/feed"));

            assertThat(result).isInstanceOf(FetchResult.Failed.class);
            assertThat(((FetchResult.Failed) result).detail()).doesNotContain("\u001b");
        }
    }
}
