package org.newsingest.push;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.newsingest.parse.FeedContext;
import org.newsingest.parse.FeedParser;
import org.newsingest.parse.ParseResult;
import org.newsingest.parse.ParsedFeed;
import org.newsingest.testing.RssFeeds;

/** WebSub §4: hub and self from Link headers and from RSS, Atom and JSON Feed documents, through the real parser. */
class HubDiscoveryTest {

    private static final URI FETCHED = URI.create("https://news.example/feeds/world.xml");
    private final FeedParser parser = new FeedParser();

    @Test
    void linkHeadersNameTheHubAndTheTopic() {
        Optional<HubDiscovery.Advertised> found = HubDiscovery.discover(
                List.of("<https://hub.example/>; rel=\"hub\", <https://news.example/world>; rel=\"self\""),
                List.of(), Optional.empty(), FETCHED);
        assertThat(found).contains(new HubDiscovery.Advertised(URI.create("https://hub.example/"), URI.create("https://news.example/world")));
    }

    @Test
    void linkHeadersInSeveralFieldsWithRelativeTargetsAndSeveralRelationsAreRead() {
        Optional<HubDiscovery.Advertised> found = HubDiscovery.discover(
                List.of("</style.css>; rel=stylesheet", "</push/hub>;rel=\"HUB alternate\"", "<world>; title=\"a;b,c\"; rel=self"),
                List.of(), Optional.empty(), FETCHED);
        assertThat(found).contains(new HubDiscovery.Advertised(URI.create("https://news.example/push/hub"),
                URI.create("https://news.example/feeds/world")));
    }

    @Test
    void headersComeBeforeTheDocumentAndTheFetchedUrlIsTheTopicWithoutSelf() {
        ParsedFeed feed = parse(rss("<atom:link rel=\"hub\" href=\"https://doc-hub.example/\"/>"), "application/rss+xml");
        assertThat(HubDiscovery.discover(List.of("<https://header-hub.example/>; rel=hub"), feed.hubs(), feed.self(), FETCHED))
                .contains(new HubDiscovery.Advertised(URI.create("https://header-hub.example/"), FETCHED));
    }

    @Test
    void rssAdvertisesHubAndSelfWithAtomLinks() {
        ParsedFeed feed = parse(rss("""
                <atom:link rel="hub" href="https://pubsubhubbub.example/"/>
                <atom:link rel="hub" href="https://second-hub.example/"/>
                <atom:link rel="self" type="application/rss+xml" href="https://news.example/feed/"/>
                <atom:link rel="alternate" href="https://news.example/"/>"""), "application/rss+xml");
        assertThat(feed.hubs()).containsExactly("https://pubsubhubbub.example/", "https://second-hub.example/");
        assertThat(feed.self()).contains("https://news.example/feed/");
        assertThat(HubDiscovery.discover(List.of(), feed.hubs(), feed.self(), FETCHED))
                .contains(new HubDiscovery.Advertised(URI.create("https://pubsubhubbub.example/"), URI.create("https://news.example/feed/")));
    }

    @Test
    void atomAdvertisesHubAndSelfWithItsOwnLinksResolvedAgainstXmlBase() {
        ParsedFeed feed = parse("""
                <feed xmlns="http://www.w3.org/2005/Atom" xml:base="https://blog.example/">
                  <title>Blog</title><id>urn:blog</id><updated>2026-12-01T00:00:00Z</updated>
                  <link rel="hub" href="https://hub.example/websub"/>
                  <link rel="self" href="atom.xml"/>
                  <entry><id>urn:1</id><title>One</title><updated>2026-12-01T00:00:00Z</updated>
                    <link rel="hub" href="https://not-a-feed-level-hub.example/"/></entry>
                </feed>""", "application/atom+xml");
        assertThat(feed.hubs()).containsExactly("https://hub.example/websub");
        assertThat(feed.self()).contains("https://blog.example/atom.xml");
    }

    @Test
    void jsonFeedAdvertisesHubsAndFeedUrl() {
        ParsedFeed feed = parse("""
                {"version": "https://jsonfeed.org/version/1.1", "title": "J", "feed_url": "https://json.example/feed.json",
                 "hubs": [{"type": "rssCloud", "url": "https://cloud.example/"}, {"type": "WebSub", "url": "https://hub.example/"}],
                 "items": [{"id": "1", "content_text": "x"}]}""", "application/feed+json");
        assertThat(feed.hubs()).containsExactly("https://hub.example/");
        assertThat(feed.self()).contains("https://json.example/feed.json");
    }

    @Test
    void aFeedWithoutHubOrWithANonHttpHubIsNotPushed() {
        ParsedFeed plain = parse(rss(""), "application/rss+xml");
        assertThat(plain.hubs()).isEmpty();
        assertThat(HubDiscovery.discover(List.of("<https://x.example/>; rel=next"), plain.hubs(), plain.self(), FETCHED)).isEmpty();
        assertThat(HubDiscovery.discover(List.of("<ftp://hub.example/>; rel=hub"), List.of("javascript:alert(1)"), Optional.empty(), FETCHED))
                .isEmpty();
        assertThat(HubDiscovery.discover(List.of("<https://hub.example/; rel=hub"), List.of(), Optional.empty(), FETCHED)).isEmpty();
    }

    private ParsedFeed parse(String body, String contentType) {
        ParseResult result = parser.parse(body.getBytes(StandardCharsets.UTF_8), FeedContext.of(Optional.of(contentType), FETCHED));
        assertThat(result).isInstanceOf(ParseResult.Parsed.class);
        return ((ParseResult.Parsed) result).feed();
    }

    private static String rss(String channelLinks) {
        return RssFeeds.channel("News").link("https://news.example/").namespace("atom", RssFeeds.ATOM).element(channelLinks)
                .items(List.of("<item><guid>urn:1</guid><title>One</title><link>https://news.example/1</link></item>")).xml();
    }
}
