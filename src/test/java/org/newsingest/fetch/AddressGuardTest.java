package org.newsingest.fetch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.newsingest.feed.PollError;

/**
 * reliability-security.md §5 C11–C18 and E2: the address guard, at subscribe time and at fetch
 * time. Every fetch test asserts that the listener the URL points at accepted zero connections.
 */
@Timeout(60)
class AddressGuardTest {

    /** C13 (and the odd spellings): each must be refused; {@code %d} is the listener's port. */
    private static final List<String> PRIVATE_SPELLINGS = List.of(
            "http://127.0.0.1:%d/",
            "http://localhost:%d/",
            "http://localhost.:%d/",
            "http://2130706433:%d/",
            "http://127.1:%d/",
            "http://0177.0.0.1:%d/",
            "http://0x7f.0.0.1:%d/",
            "http://[::1]:%d/",
            "http://[::ffff:127.0.0.1]:%d/",
            "http://[::127.0.0.1]:%d/",
            "http://[fd00::1]:%d/",
            "http://100.64.0.1:%d/",
            "http://169.254.169.254:%d/latest/meta-data/",
            "http://[64:ff9b::a9fe:a9fe]:%d/",
            "http://[2002:a9fe:a9fe::1]:%d/",
            "http://[2001:0:4136:e378:8000:63bf:3fff:fdd2]:%d/",
            "http://0:%d/",
            "http://0.0.0.0:%d/",
            "http://foo.internal:%d/",
            "http://printer.local:%d/",
            "http://intranet:%d/",
            "http://intranet.example:%d/",
            "http://user@evil.com@127.0.0.1:%d/",
            "http://%%31%%32%%37.0.0.1:%d/");

    // Case C13 of reliability-security.md §5.
    @Test
    void privateAndOddlySpelledAddressesAreRefusedAtSubscribeAndFetchTimeWithoutAConnection() throws Exception {
        Fixtures.FakeDns dns = Fixtures.dns().map("intranet.example", "10.0.0.5");
        TestConfig config = Fixtures.config();
        AddressGuard guard = new AddressGuard(config, dns);
        FeedFetcher fetcher = Fixtures.fetcher(config, dns);
        try (MisbehavingServer listener = MisbehavingServer.start(MisbehavingServer.ok(MisbehavingServer.rss(1)))) {
            for (String spelling : PRIVATE_SPELLINGS) {
                URI url = new URI(String.format(spelling, listener.port()));

                Optional<FetchResult.Failed> atSubscribe = guard.check(url);
                FetchResult atFetch = fetcher.fetch(FetchRequest.unconditional(url));

                assertThat(atSubscribe).as("subscribe %s", url).isPresent();
                assertThat(atSubscribe.get().error()).as("subscribe %s", url).isIn(PollError.BLOCKED_ADDRESS, PollError.INVALID_URL);
                assertThat(atFetch).as("fetch %s", url).isInstanceOf(FetchResult.Failed.class);
                assertThat(((FetchResult.Failed) atFetch).error()).as("fetch %s", url).isIn(PollError.BLOCKED_ADDRESS, PollError.INVALID_URL);
            }
            assertThat(listener.connections()).isZero();
        }
    }

    // Case C11 of reliability-security.md §5.
    @Test
    void aRedirectToLoopbackIsBlockedBeforeConnecting() throws Exception {
        try (MisbehavingServer target = MisbehavingServer.start(MisbehavingServer.ok("secret"));
             MisbehavingServer origin = MisbehavingServer.start(MisbehavingServer.status(302, "Location: http://127.0.0.1:" + target.port() + "/admin\r\n"))) {
            FetchResult result = Fixtures.fetcher().fetch(Fixtures.get(origin, "/feed"));

            FetchLimitsTest.assertFailed(result, PollError.BLOCKED_ADDRESS);
            assertThat(target.connections()).isZero();
            assertThat(origin.connections()).isEqualTo(1);
        }
    }

    // Case C12 of reliability-security.md §5.
    @Test
    void aPermanentRedirectToTheMetadataServiceIsBlockedAndNotOfferedAsTheNewUrl() throws Exception {
        try (MisbehavingServer origin = MisbehavingServer.start(MisbehavingServer.status(301, "Location: http://169.254.169.254/latest/meta-data/\r\n"))) {
            FetchResult result = Fixtures.fetcher().fetch(Fixtures.get(origin, "/feed"));

            // A Failed result carries no redirect, so the recorder has nothing to persist.
            FetchLimitsTest.assertFailed(result, PollError.BLOCKED_ADDRESS);
            assertThat(((FetchResult.Failed) result).detail()).contains("169.254.169.254");
        }
    }

    // Case C14 of reliability-security.md §5.
    @Test
    void dnsRebindingCannotSwapTheCheckedAddress() throws Exception {
        // Answers in order: fetch 1 gets the allowed address; fetch 2 is rebound; fetch 3's first
        // hop is allowed again and its redirect hop (same host, new connection) is rebound.
        String[] answers = {"127.0.0.1", "127.0.0.2", "127.0.0.1", "127.0.0.2"};
        AtomicInteger asked = new AtomicInteger();
        HostResolver rebinding = host -> {
            if (!host.equals("rebind.test")) {
                throw new UnknownHostException(host);
            }
            return new InetAddress[] {InetAddress.getByName(answers[Math.min(asked.getAndIncrement(), answers.length - 1)])};
        };
        TestConfig config = TestConfig.defaults().allowing("127.0.0.1/32");
        try (MisbehavingServer allowed = MisbehavingServer.start("127.0.0.1", (request, socket, out) -> {
            if (request.path().equals("/feed")) {
                MisbehavingServer.respond(out, 200, "", MisbehavingServer.rss(1));
            } else {
                MisbehavingServer.respond(out, 302, "Location: /feed\r\n", "");
            }
        }); MisbehavingServer forbidden = startOnSamePort("127.0.0.2", allowed.port())) {
            FeedFetcher fetcher = Fixtures.fetcher(config, rebinding);
            URI url = URI.create("http://rebind.test:" + allowed.port() + "/feed");

            FetchResult first = fetcher.fetch(FetchRequest.unconditional(url));
            FetchResult second = fetcher.fetch(FetchRequest.unconditional(url));
            FetchResult viaRedirect = fetcher.fetch(FetchRequest.unconditional(URI.create("http://rebind.test:" + allowed.port() + "/hop")));

            assertThat(first).isInstanceOf(FetchResult.Modified.class);
            FetchLimitsTest.assertFailed(second, PollError.BLOCKED_ADDRESS);
            FetchLimitsTest.assertFailed(viaRedirect, PollError.BLOCKED_ADDRESS);
            assertThat(allowed.requests()).extracting(MisbehavingServer.Request::path).as("refused at the redirect hop").containsExactly("/feed", "/hop");
            assertThat(asked.get()).as("one lookup per connection, never a second one behind the check").isEqualTo(4);
            assertThat(allowed.connections()).isEqualTo(2);
            assertThat(forbidden.connections()).isZero();
        }
    }

    // Case C15 of reliability-security.md §5.
    @Test
    void aHostWithOnePublicAndOnePrivateAddressIsRefusedAsAWhole() throws Exception {
        Fixtures.FakeDns dns = Fixtures.dns().map("dual.test", "127.0.0.1", "10.0.0.5").map("dual6.test", "93.184.216.34", "fd00::1");
        TestConfig config = TestConfig.defaults().allowing("127.0.0.1/32");
        try (MisbehavingServer listener = MisbehavingServer.start(MisbehavingServer.ok(MisbehavingServer.rss(1)))) {
            FetchResult result = Fixtures.fetcher(config, dns).fetch(FetchRequest.unconditional(URI.create("http://dual.test:" + listener.port() + "/")));
            Optional<FetchResult.Failed> v6 = new AddressGuard(config, dns).check(URI.create("https://dual6.test/feed"));

            FetchLimitsTest.assertFailed(result, PollError.BLOCKED_ADDRESS);
            assertThat(((FetchResult.Failed) result).detail()).contains("10.0.0.5");
            assertThat(listener.connections()).isZero();
            assertThat(v6).get().extracting(FetchResult.Failed::error).isEqualTo(PollError.BLOCKED_ADDRESS);
        }
    }

    // Case C16 of reliability-security.md §5.
    @ParameterizedTest
    @ValueSource(strings = {"file:///etc/passwd", "gopher://feeds.test:70/1", "ftp://feeds.test/feed.xml", "jar:file:/tmp/x.jar!/feed.xml",
            "netdoc:/etc/passwd", "javascript:alert(1)", "data:text/xml,%3Crss%2F%3E"})
    void otherSchemesAreRefusedAsFeedUrlsAndAsRedirectTargets(String url) throws Exception {
        Optional<FetchResult.Failed> atSubscribe = new AddressGuard(Fixtures.config(), Fixtures.dns()).check(new URI(url));
        try (MisbehavingServer origin = MisbehavingServer.start(MisbehavingServer.status(302, "Location: " + url + "\r\n"))) {
            FeedFetcher fetcher = Fixtures.fetcher();

            FetchResult direct = fetcher.fetch(FetchRequest.unconditional(new URI(url)));
            FetchResult redirected = fetcher.fetch(Fixtures.get(origin, "/feed"));

            assertThat(atSubscribe).get().extracting(FetchResult.Failed::error).isEqualTo(PollError.UNSUPPORTED_SCHEME);
            FetchLimitsTest.assertFailed(direct, PollError.UNSUPPORTED_SCHEME);
            FetchLimitsTest.assertFailed(redirected, PollError.UNSUPPORTED_SCHEME);
        }
    }

    // Case C18 of reliability-security.md §5.
    @Test
    void urlParserConfusionIsRefusedOrCheckedOnTheHostTheClientUses() throws Exception {
        Fixtures.FakeDns dns = Fixtures.dns();
        AddressGuard guard = new AddressGuard(Fixtures.config(), dns);
        try (MisbehavingServer listener = MisbehavingServer.start(MisbehavingServer.ok(MisbehavingServer.rss(1)))) {
            int port = listener.port();
            FeedFetcher fetcher = Fixtures.fetcher(Fixtures.config(), dns);

            // user@evil.com@127.0.0.1: java.net.URI sees no host at all -> refused.
            URI userinfo = new URI("http://user@evil.com@127.0.0.1:" + port + "/");
            assertThat(userinfo.getHost()).isNull();
            assertThat(guard.check(userinfo)).isPresent();
            assertThat(fetcher.fetch(FetchRequest.unconditional(userinfo))).isInstanceOf(FetchResult.Failed.class);

            // evil.com#@127.0.0.1: the host is evil.com for the guard and for the client alike.
            URI fragment = new URI("http://evil.com:" + port + "#@127.0.0.1/");
            assertThat(fragment.getHost()).isEqualTo("evil.com");
            FetchLimitsTest.assertFailed(fetcher.fetch(FetchRequest.unconditional(fragment)), PollError.NETWORK_ERROR);

            // Percent-encoded host: no host for java.net.URI -> refused.
            FetchLimitsTest.assertFailed(fetcher.fetch(FetchRequest.unconditional(new URI("http://%31%32%37.0.0.1:" + port + "/"))), PollError.INVALID_URL);

            // A bracketed name is not a URI at all: subscribing fails at parsing (invalid_url).
            assertThatThrownBy(() -> new URI("http://[example.com]/")).isInstanceOf(URISyntaxException.class);

            assertThat(listener.connections()).isZero();
            assertThat(dns.lookups.get()).as("only evil.com was ever looked up").isEqualTo(1);
        }
    }

    // Case E2 of reliability-security.md §5.
    @Test
    void aPrivateUrlIsRefusedUnlessAllowListedOrPrivateNetworksAreAllowed() throws Exception {
        Fixtures.FakeDns dns = new Fixtures.FakeDns().map("wiki.corp.example", "10.1.2.3").map("news.corp.example", "10.1.2.4");
        URI wiki = URI.create("https://wiki.corp.example/feed");
        URI news = URI.create("https://news.corp.example/feed");
        URI ip = URI.create("http://10.9.9.9/feed");

        AddressGuard closed = new AddressGuard(TestConfig.defaults(), dns);
        AddressGuard byName = new AddressGuard(TestConfig.defaults().allowing("wiki.corp.example"), dns);
        AddressGuard bySuffix = new AddressGuard(TestConfig.defaults().allowing(".corp.example"), dns);
        AddressGuard byCidr = new AddressGuard(TestConfig.defaults().allowing("10.9.0.0/16"), dns);
        AddressGuard open = new AddressGuard(TestConfig.defaults().allowPrivate(), dns);

        assertThat(closed.check(wiki)).get().extracting(FetchResult.Failed::error).isEqualTo(PollError.BLOCKED_ADDRESS);
        assertThat(closed.check(ip)).get().extracting(FetchResult.Failed::error).isEqualTo(PollError.BLOCKED_ADDRESS);
        assertThat(byName.check(wiki)).isEmpty();
        assertThat(byName.check(news)).isPresent();
        assertThat(bySuffix.check(news)).isEmpty();
        assertThat(byCidr.check(ip)).isEmpty();
        assertThat(byCidr.check(wiki)).isPresent();
        assertThat(open.check(wiki)).isEmpty();
        assertThat(open.check(ip)).isEmpty();
        // Even with private networks open, the metadata service and odd spellings stay closed.
        assertThat(open.check(URI.create("http://169.254.169.254/latest/meta-data/"))).isPresent();
        assertThat(open.check(URI.create("http://2130706433/"))).isPresent();
    }

    @Test
    void aMalformedAllowListEntryIsRefusedWhenTheGuardIsBuilt() {
        for (String bad : new String[] {"10.0.0.0/99", "10.0.0", "10.0.0.0/", "/8"}) {
            assertThatThrownBy(() -> new AddressGuard(TestConfig.defaults().allowing(bad), new Fixtures.FakeDns()))
                    .as(bad).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("allow-list");
        }
    }

    @Test
    void publicAddressesPass() throws Exception {
        AddressGuard guard = new AddressGuard(TestConfig.defaults(), new Fixtures.FakeDns());
        for (String address : new String[] {"93.184.216.34", "1.1.1.1", "8.8.8.8", "2606:4700:4700::1111", "2a00:1450:4001:80b::200e"}) {
            assertThat(guard.refusal(InetAddress.getByName(address), false)).as(address).isEmpty();
        }
        for (String address : new String[] {"192.168.1.1", "172.16.0.1", "198.18.0.1", "192.0.0.1", "255.255.255.255", "224.0.0.1", "fe80::1", "ff02::1", "::"}) {
            assertThat(guard.refusal(InetAddress.getByName(address), false)).as(address).isPresent();
        }
    }

    // Case E1 of reliability-security.md §5.
    @Test
    void malformedConfiguredUrlsAreRefused() throws Exception {
        AddressGuard guard = new AddressGuard(TestConfig.defaults(), new Fixtures.FakeDns());
        assertThat(guard.check(new URI("htp://x"))).get().extracting(FetchResult.Failed::error).isEqualTo(PollError.UNSUPPORTED_SCHEME);
        assertThat(guard.check(new URI("/relative/feed.xml"))).get().extracting(FetchResult.Failed::error).isEqualTo(PollError.UNSUPPORTED_SCHEME);
        assertThat(guard.check(new URI("http:///feed"))).get().extracting(FetchResult.Failed::error).isEqualTo(PollError.INVALID_URL);
        assertThatThrownBy(() -> new URI("http://exa mple.com/")).isInstanceOf(URISyntaxException.class);
    }

    private static MisbehavingServer startOnSamePort(String address, int port) throws IOException {
        return MisbehavingServer.start(address, port, MisbehavingServer.ok("rebound"));
    }
}
