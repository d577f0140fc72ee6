package org.newsingest.parse;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class JsonFeedTest {

    private final FeedParser parser = new FeedParser();

    @Test
    void jsonFeed11IsDetectedFromContentNotContentType() {
        String json = """
                {"version": "https://jsonfeed.org/version/1.1", "title": "My & feed", "home_page_url": "https://example.org/",
                 "language": "en",
                 "items": [
                   {"id": "1", "url": "/posts/1", "title": "Hello <world>", "content_html": "<p>Hi</p>",
                    "summary": "Short", "date_published": "2024-02-03T04:05:06+01:00", "date_modified": "2024-02-04T00:00:00Z",
                    "authors": [{"name": "Ann"}], "tags": ["a", "b", "a"],
                    "attachments": [{"url": "https://example.org/a.mp3", "mime_type": "audio/mpeg", "size_in_bytes": 123}]},
                   {"id": "https://example.org/posts/2", "content_text": "plain & simple"}
                 ]}""";
        ParseResult result = parser.parse(json.getBytes(StandardCharsets.UTF_8),
                FeedContext.of(Optional.of("text/plain"), URI.create("https://example.org/feed.json")));
        ParsedFeed feed = ((ParseResult.Parsed) result).feed();
        assertThat(feed.format()).isEqualTo("json_feed_1.1");
        assertThat(feed.title()).contains("My &amp; feed");
        assertThat(feed.language()).contains("en");
        ParsedItem first = feed.items().get(0);
        assertThat(first.guid()).contains("1");
        assertThat(first.link()).contains("https://example.org/posts/1");
        assertThat(first.title()).contains("Hello &lt;world&gt;");
        assertThat(first.summaryHtml()).contains("Short");
        assertThat(first.contentHtml()).contains("<p>Hi</p>");
        assertThat(first.published()).contains(Instant.parse("2024-02-03T03:05:06Z"));
        assertThat(first.updated()).contains(Instant.parse("2024-02-04T00:00:00Z"));
        assertThat(first.author()).contains("Ann");
        assertThat(first.categories()).containsExactly("a", "b");
        assertThat(first.enclosures()).singleElement().satisfies(e -> {
            assertThat(e.url()).isEqualTo("https://example.org/a.mp3");
            assertThat(e.length()).contains(123L);
        });
        ParsedItem second = feed.items().get(1);
        assertThat(second.link()).contains("https://example.org/posts/2");
        assertThat(second.linkFromId()).isTrue();
        assertThat(second.contentHtml()).contains("plain &amp; simple");
        assertThat(second.published()).isEmpty();
    }

    @Test
    void jsonFeed10AuthorAndBrokenJson() {
        String json = "{\"version\":\"https://jsonfeed.org/version/1\",\"title\":\"t\",\"author\":{\"name\":\"Feed Author\"},\"items\":[{\"id\":7,\"title\":\"x\"}]}";
        ParsedFeed feed = ((ParseResult.Parsed) parser.parse(json.getBytes(StandardCharsets.UTF_8), Optional.empty())).feed();
        assertThat(feed.format()).isEqualTo("json_feed_1.0");
        assertThat(feed.items().get(0).guid()).contains("7");
        assertThat(feed.items().get(0).author()).contains("Feed Author");
        assertThat(parser.parse("{\"version\":\"https://jsonfeed.org/version/1\",\"items\":[".getBytes(StandardCharsets.UTF_8), Optional.empty()))
                .isInstanceOf(ParseResult.Failed.class);
    }
}
