package org.newsingest.fetch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.newsingest.fetch.FetchLimitsTest.assertFailed;
import static org.newsingest.fetch.MisbehavingServer.respond;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.newsingest.feed.PollError;

/** reliability-security.md §5 C10, C19–C26, C29, F3: what we send, and what we make of the answers. */
@Timeout(60)
class FetchProtocolTest {

    private static final String ETAG = "\"abc\"";
    private static final String LAST_MODIFIED = "Wed, 21 Oct 2015 07:28:00 GMT";

    // Case C19 of reliability-security.md §5.
    @Test
    void storedValidatorsAreEchoedByteForByteAndA304IsNotModified() throws Exception {
        try (MisbehavingServer server = MisbehavingServer.start((request, socket, out) -> {
            boolean etagMatches = ETAG.equals(request.header("If-None-Match"));
            boolean dateMatches = LAST_MODIFIED.equals(request.header("If-Modified-Since"));
            if (request.path().equals("/etag") ? etagMatches : dateMatches && request.header("If-None-Match") == null) {
                respond(out, 304, "ETag: " + ETAG + "\r\nCache-Control: max-age=600\r\n", (byte[]) null);
            } else {
                respond(out, 200, "ETag: " + ETAG + "\r\nLast-Modified: " + LAST_MODIFIED + "\r\n", MisbehavingServer.rss(1));
            }
        })) {
            FeedFetcher fetcher = Fixtures.fetcher();

            FetchResult first = fetcher.fetch(Fixtures.get(server, "/etag"));
            FetchResult.Modified modified = (FetchResult.Modified) first;
            FetchResult second = fetcher.fetch(new FetchRequest(Fixtures.url(server, "/etag"), modified.etag(), modified.lastModified()));
            FetchResult dateOnly = fetcher.fetch(new FetchRequest(Fixtures.url(server, "/date"), Optional.empty(), modified.lastModified()));

            assertThat(modified.etag()).contains(ETAG);
            assertThat(modified.lastModified()).contains(LAST_MODIFIED);
            assertThat(second).isInstanceOf(FetchResult.NotModified.class);
            assertThat(((FetchResult.NotModified) second).cacheHints().maxAge()).contains(Duration.ofMinutes(10));
            assertThat(dateOnly).isInstanceOf(FetchResult.NotModified.class);
            assertThat(server.requests().get(0).header("If-None-Match")).isNull();
            assertThat(server.requests().get(1).header("If-None-Match")).isEqualTo(ETAG);
            assertThat(server.requests().get(1).header("If-Modified-Since")).isEqualTo(LAST_MODIFIED);
        }
    }

    @Test
    void weakAndOddValidatorsAreKeptVerbatimAndUnsafeOnesAreDropped() throws Exception {
        String weak = "W/\"x;  y=\\\"1\\\"\"";
        try (MisbehavingServer server = MisbehavingServer.start((request, socket, out) ->
                respond(out, 200, "ETag: " + weak + "\r\nLast-Modified: \u0001bogus\r\n", MisbehavingServer.rss(1)))) {
            FetchResult.Modified result = (FetchResult.Modified) Fixtures.fetcher().fetch(Fixtures.get(server, "/feed"));

            assertThat(result.etag()).contains(weak);
            assertThat(result.lastModified()).isEmpty();
        }
    }

    // Case C20 of reliability-security.md §5.
    @Test
    void a200WithTheSameBodyComesBackAsModifiedWithTheSameBytesForThePipelineToHash() throws Exception {
        try (MisbehavingServer server = MisbehavingServer.start((request, socket, out) ->
                respond(out, 200, "ETag: " + ETAG + "\r\n", MisbehavingServer.rss(3)))) {
            FeedFetcher fetcher = Fixtures.fetcher();
            FetchResult.Modified first = (FetchResult.Modified) fetcher.fetch(Fixtures.get(server, "/feed"));
            FetchResult.Modified second = (FetchResult.Modified) fetcher.fetch(new FetchRequest(Fixtures.url(server, "/feed"), first.etag(), Optional.empty()));

            assertThat(second.body()).isEqualTo(first.body());
            assertThat(second.etag()).isEqualTo(first.etag());
        }
    }

    // Case C21 of reliability-security.md §5.
    @Test
    void retryAfterOn429InSecondsOrAsADateAndGarbageOrPastValuesFallBackToBackoff() throws Exception {
        Instant date = Instant.now().plus(2, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
        String httpDate = DateTimeFormatter.RFC_1123_DATE_TIME.format(date.atOffset(ZoneOffset.UTC));
        try (MisbehavingServer server = MisbehavingServer.start((request, socket, out) -> {
            String value = switch (request.path()) {
                case "/seconds" -> "3600";
                case "/date" -> httpDate;
                case "/past" -> "Wed, 21 Oct 2015 07:28:00 GMT";
                case "/garbage" -> "abc";
                case "/huge" -> "99999999";
                default -> null;
            };
            respond(out, 429, value == null ? "" : "Retry-After: " + value + "\r\n", "slow down");
        })) {
            FeedFetcher fetcher = Fixtures.fetcher();
            Instant before = Instant.now();

            FetchResult.RateLimited seconds = (FetchResult.RateLimited) fetcher.fetch(Fixtures.get(server, "/seconds"));
            FetchResult.RateLimited dated = (FetchResult.RateLimited) fetcher.fetch(Fixtures.get(server, "/date"));
            FetchResult.RateLimited past = (FetchResult.RateLimited) fetcher.fetch(Fixtures.get(server, "/past"));
            FetchResult.RateLimited garbage = (FetchResult.RateLimited) fetcher.fetch(Fixtures.get(server, "/garbage"));
            FetchResult.RateLimited huge = (FetchResult.RateLimited) fetcher.fetch(Fixtures.get(server, "/huge"));
            FetchResult.RateLimited none = (FetchResult.RateLimited) fetcher.fetch(Fixtures.get(server, "/none"));

            assertThat(seconds.status()).isEqualTo(429);
            assertThat(seconds.retryAt()).get().satisfies(at -> assertThat(at).isBetween(before.plusSeconds(3600), Instant.now().plusSeconds(3601)));
            assertThat(dated.retryAt()).contains(date);
            assertThat(past.retryAt()).isEmpty();
            assertThat(garbage.retryAt()).isEmpty();
            assertThat(none.retryAt()).isEmpty();
            // Reported as asked; PollPolicy clamps it to ingest.fetch.retry-after-max (see PollPolicyTest).
            assertThat(huge.retryAt()).get().satisfies(at -> assertThat(at).isAfter(before.plus(Duration.ofDays(1000))));
        }
    }

    // Case C22 of reliability-security.md §5.
    @Test
    void a503WithRetryAfterIsHandledLikeA429AndWithoutItIsAServerError() throws Exception {
        try (MisbehavingServer server = MisbehavingServer.start((request, socket, out) ->
                respond(out, 503, request.path().equals("/with") ? "Retry-After: 120\r\n" : "", "maintenance"))) {
            Instant before = Instant.now();
            FetchResult with = Fixtures.fetcher().fetch(Fixtures.get(server, "/with"));
            FetchResult without = Fixtures.fetcher().fetch(Fixtures.get(server, "/without"));

            assertThat(with).isInstanceOf(FetchResult.RateLimited.class);
            assertThat(((FetchResult.RateLimited) with).retryAt()).get()
                    .satisfies(at -> assertThat(at).isCloseTo(before.plusSeconds(120), within(5, ChronoUnit.SECONDS)));
            assertFailed(without, PollError.HTTP_5XX);
        }
    }

    // Case C23 of reliability-security.md §5.
    @Test
    void status410IsGone() throws Exception {
        try (MisbehavingServer server = MisbehavingServer.start(MisbehavingServer.status(410, ""))) {
            FetchResult result = Fixtures.fetcher().fetch(Fixtures.get(server, "/feed"));

            assertThat(result).isEqualTo(new FetchResult.Gone(410));
            assertThat(result.outcome()).isEqualTo("gone");
        }
    }

    // Case C24 and F3 of reliability-security.md §5.
    @Test
    void errorStatusesAreStableCodesAndErrorPageBodiesAreNeverQuoted() throws Exception {
        try (MisbehavingServer server = MisbehavingServer.start((request, socket, out) -> respond(out,
                Integer.parseInt(request.path().substring(1)), "Content-Type: text/html\r\n",
                "<html><body>java.lang.NullPointerException at com.secret.Internal\r\nINFO forged</body></html>"))) {
            FeedFetcher fetcher = Fixtures.fetcher();
            for (int status : new int[] {401, 403, 404, 500, 502}) {
                FetchResult result = fetcher.fetch(Fixtures.get(server, "/" + status));

                assertFailed(result, status >= 500 ? PollError.HTTP_5XX : status == 401 || status == 403 ? PollError.AUTH_FAILED : PollError.HTTP_4XX);
                assertThat(result.status()).isEqualTo(status);
                assertThat(((FetchResult.Failed) result).detail()).startsWith("HTTP " + status).doesNotContain("secret", "forged", "\n");
            }
        }
    }

    // Case C26 of reliability-security.md §5.
    @Test
    void cacheControlMaxAgeAndExpiresAreReportedAsHints() throws Exception {
        Instant expires = Instant.now().plus(3, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
        try (MisbehavingServer server = MisbehavingServer.start((request, socket, out) -> {
            String headers = switch (request.path()) {
                case "/max-age" -> "Cache-Control: public, max-age=43200\r\n";
                case "/expires" -> "Expires: " + DateTimeFormatter.RFC_1123_DATE_TIME.format(expires.atOffset(ZoneOffset.UTC)) + "\r\n";
                case "/no-cache" -> "Cache-Control: no-cache, max-age=43200\r\n";
                default -> "Expires: 0\r\n";
            };
            respond(out, 200, headers, MisbehavingServer.rss(1));
        })) {
            FeedFetcher fetcher = Fixtures.fetcher();

            assertThat(((FetchResult.Modified) fetcher.fetch(Fixtures.get(server, "/max-age"))).cacheHints().maxAge()).contains(Duration.ofHours(12));
            assertThat(((FetchResult.Modified) fetcher.fetch(Fixtures.get(server, "/expires"))).cacheHints().expires()).contains(expires);
            assertThat(((FetchResult.Modified) fetcher.fetch(Fixtures.get(server, "/no-cache"))).cacheHints()).isEqualTo(FetchResult.CacheHints.NONE);
            assertThat(((FetchResult.Modified) fetcher.fetch(Fixtures.get(server, "/bad-expires"))).cacheHints()).isEqualTo(FetchResult.CacheHints.NONE);
        }
    }

    // Case C29 of reliability-security.md §5.
    @Test
    void weIdentifyOurselvesAskForFeedsAndGzipAndSendNoCookiesNoRefererNoCruft() throws Exception {
        try (MisbehavingServer server = MisbehavingServer.start((request, socket, out) -> {
            if (request.path().startsWith("/start")) {
                respond(out, 302, "Set-Cookie: session=abc; Path=/\r\nLocation: /feed.xml?a=1&b=%20x\r\n", "");
            } else {
                respond(out, 200, "Set-Cookie: tracking=1; Path=/\r\n", MisbehavingServer.rss(1));
            }
        })) {
            FeedFetcher fetcher = Fixtures.fetcher();
            fetcher.fetch(Fixtures.get(server, "/start"));
            fetcher.fetch(FetchRequest.unconditional(URI.create("http://user:secret@feeds.test:" + server.port() + "/start//x?q=%2F#fragment")));

            assertThat(server.requests()).hasSize(4);
            for (MisbehavingServer.Request request : server.requests()) {
                assertThat(request.header("User-Agent")).isEqualTo(TestConfig.USER_AGENT).contains("+https://");
                assertThat(request.header("Accept")).startsWith("application/rss+xml, application/atom+xml, application/feed+json");
                assertThat(request.header("Accept-Encoding")).isEqualTo("gzip");
                assertThat(request.header("Cookie")).isNull();
                assertThat(request.header("Referer")).isNull();
                assertThat(request.header("Host")).isEqualTo("feeds.test:" + server.port());
            }
            assertThat(server.requests().get(0).path()).isEqualTo("/start");
            assertThat(server.requests().get(1).path()).isEqualTo("/feed.xml?a=1&b=%20x");
            assertThat(server.requests().get(2).path()).isEqualTo("/start//x?q=%2F");
            assertThat(server.requests().get(2).header("Authorization")).isNull();
        }
    }

    // Case C10 of reliability-security.md §5.
    @Test
    void aRedirectLoopAndALongChainStopWithTooManyRedirects() throws Exception {
        try (MisbehavingServer server = MisbehavingServer.start((request, socket, out) -> {
            String path = request.path();
            if (path.equals("/a")) {
                respond(out, 302, "Location: /b\r\n", "");
            } else if (path.equals("/b")) {
                respond(out, 302, "Location: http://feeds.test:" + socket.getLocalPort() + "/a\r\n", "");
            } else {
                int n = Integer.parseInt(path.substring(path.lastIndexOf('/') + 1));
                respond(out, 301, "Location: /chain/" + (n + 1) + "\r\n", "");
            }
        })) {
            FeedFetcher fetcher = Fixtures.fetcher();

            FetchResult loop = fetcher.fetch(Fixtures.get(server, "/a"));
            int afterLoop = server.requests().size();
            FetchResult chain = fetcher.fetch(Fixtures.get(server, "/chain/0"));

            assertFailed(loop, PollError.TOO_MANY_REDIRECTS);
            assertThat(((FetchResult.Failed) loop).detail()).contains("loop");
            assertThat(afterLoop).isEqualTo(2);
            assertFailed(chain, PollError.TOO_MANY_REDIRECTS);
            assertThat(server.requests().size() - afterLoop).isEqualTo(6); // the original request and 5 hops
        }
    }

    @Test
    void relativeAndProtocolRelativeLocationsAreResolvedAgainstTheCurrentUrl() throws Exception {
        try (MisbehavingServer server = MisbehavingServer.start((request, socket, out) -> {
            switch (request.path()) {
                case "/one" -> respond(out, 307, "Location: two\r\n", "");
                case "/two" -> respond(out, 303, "Location: //other.test:" + socket.getLocalPort() + "/three\r\n", "");
                default -> respond(out, 200, "", MisbehavingServer.rss(1));
            }
        })) {
            FetchResult result = Fixtures.fetcher().fetch(Fixtures.get(server, "/one"));

            assertThat(result).isInstanceOf(FetchResult.Modified.class);
            assertThat(((FetchResult.Modified) result).finalUrl()).isEqualTo(URI.create("http://other.test:" + server.port() + "/three"));
            assertThat(((FetchResult.Modified) result).permanentRedirect()).isEmpty();
        }
    }
}
