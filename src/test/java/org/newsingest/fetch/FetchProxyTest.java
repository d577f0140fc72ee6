package org.newsingest.fetch;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.newsingest.feed.PollError;
import org.newsingest.testing.FeedServer;
import org.newsingest.testing.ForwardProxy;

/** Fetches through an HTTP forward proxy: the service's, or a feed's own in its place; the guard still checks every target. */
class FetchProxyTest {

    private static final String RSS = "<rss version=\"2.0\"><channel><title>t</title><item><guid>1</guid><title>one</title></item></channel></rss>";

    private FeedServer feeds;
    private ForwardProxy service;
    private ForwardProxy own;
    private final java.util.List<FeedFetcher> fetchers = new java.util.ArrayList<>();

    @BeforeEach
    void start() {
        feeds = FeedServer.start();
        feeds.serve("/feed.xml", RSS);
        service = ForwardProxy.start();
        own = ForwardProxy.requiring("reader", "s3cret:pw");
    }

    @AfterEach
    void stop() {
        feeds.close();
        service.close();
        own.close();
        fetchers.forEach(FeedFetcher::close);
    }

    @Test
    void theServiceProxyCarriesTheFetchToTheFeed() {
        URI feed = URI.create("http://feeds.test:" + port() + "/feed.xml");
        FeedFetcher fetcher = through(Optional.of(proxy(service.url(""))));
        FetchResult result = fetcher.fetch(FetchRequest.unconditional(feed));

        assertThat(result).isInstanceOf(FetchResult.Modified.class);
        assertThat(service.forwarded()).containsExactly(feed.toString());
        assertThat(feeds.hits("/feed.xml")).isEqualTo(1);
    }

    @Test
    void aFeedsOwnProxyReplacesTheServiceProxyAndGetsItsCredentials() {
        URI feed = URI.create("http://feeds.test:" + port() + "/feed.xml");
        OutboundProxy feedProxy = proxy(own.url("reader:s3cret%3Apw"));
        FeedFetcher fetcher = through(Optional.of(proxy(service.url(""))));
        FetchResult result = fetcher.fetch(new FetchRequest(feed, Optional.empty(), Optional.empty(),
                new RequestSettings(Map.of(), Optional.empty(), Optional.of(feedProxy))));

        assertThat(result).isInstanceOf(FetchResult.Modified.class);
        assertThat(own.forwarded()).containsExactly(feed.toString());
        assertThat(own.refused()).as("asked for credentials once, then given them").hasSize(1);
        assertThat(service.forwarded()).isEmpty();
    }

    @Test
    void theGuardRefusesAPrivateTargetBeforeTheProxyIsAsked() {
        FeedFetcher fetcher = through(Optional.of(proxy(service.url(""))));
        FetchResult result = fetcher.fetch(FetchRequest.unconditional(URI.create("http://10.1.2.3/feed.xml")));

        assertThat(result).isInstanceOfSatisfying(FetchResult.Failed.class,
                failed -> assertThat(failed.error()).isEqualTo(PollError.BLOCKED_ADDRESS));
        assertThat(service.forwarded()).isEmpty();
    }

    @Test
    void withoutAProxyTheFetchConnectsDirectly() {
        FeedFetcher fetcher = through(Optional.empty());
        FetchResult result = fetcher.fetch(FetchRequest.unconditional(URI.create("http://feeds.test:" + port() + "/feed.xml")));

        assertThat(result).isInstanceOf(FetchResult.Modified.class);
        assertThat(service.forwarded()).isEmpty();
    }

    @Test
    void aProxyUrlIsReadStrictlyAndShownWithoutItsCredentials() {
        assertThat(OutboundProxy.parse("http://user:pw@proxy.corp:3128")).isInstanceOfSatisfying(OutboundProxy.Parsed.Valid.class,
                valid -> assertThat(valid.proxy().shown()).isEqualTo("http://***@proxy.corp:3128").doesNotContain("pw"));
        assertThat(OutboundProxy.parse("http://proxy.corp:3128").toString()).doesNotContain("***");
        assertThat(OutboundProxy.parse("https://proxy.corp:3128")).isInstanceOf(OutboundProxy.Parsed.Invalid.class);
        assertThat(OutboundProxy.parse("http://proxy.corp")).isInstanceOf(OutboundProxy.Parsed.Invalid.class);
        assertThat(OutboundProxy.parse("http://proxy.corp:3128/path")).isInstanceOf(OutboundProxy.Parsed.Invalid.class);
        assertThat(OutboundProxy.parse("http://user:pw@proxy corp:3128")).isInstanceOfSatisfying(OutboundProxy.Parsed.Invalid.class,
                invalid -> assertThat(invalid.reason()).doesNotContain("pw"));
    }

    private int port() {
        return URI.create(feeds.url("/")).getPort();
    }

    private static OutboundProxy proxy(String url) {
        return ((OutboundProxy.Parsed.Valid) OutboundProxy.parse(url)).proxy();
    }

    private FeedFetcher through(Optional<OutboundProxy> proxy) {
        TestConfig config = Fixtures.config();
        FeedFetcher fetcher = new FeedFetcher(config, new AddressGuard(config, Fixtures.dns()), null,
                new HostLimiter(config.perHostConcurrency(), config.perHostSpacing()), BodyBudget.unbounded(), proxy);
        fetchers.add(fetcher);
        return fetcher;
    }
}
