package org.newsingest.parse;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Issue 16 finding 2: the entry cap holds while parsing; entries past it are counted, never built. */
class EntryCapWhileParsingTest {

    private final FeedParser parser = new FeedParser();

    @Test
    void anRssDocumentBuildsOnlyTheFirstEntriesUpToTheCapAndCountsTheRest() {
        StringBuilder rss = new StringBuilder("<rss version=\"2.0\"><channel><title>Many</title>");
        for (int i = 0; i < 5_000; i++) {
            rss.append("<item><title>e").append(i).append("</title><link>https://cap.example/").append(i).append("</link></item>");
        }
        ParsedFeed feed = parsed(rss.append("</channel></rss>").toString(), 10);

        assertThat(feed.items()).hasSize(10);
        assertThat(feed.items().get(9).title()).contains("e9");
        assertThat(feed.entriesInDocument()).isEqualTo(5_000);
    }

    @Test
    void aJsonFeedBuildsOnlyTheFirstEntriesUpToTheCapAndCountsTheRest() {
        StringBuilder json = new StringBuilder("{\"version\":\"https://jsonfeed.org/version/1.1\",\"title\":\"Many\",\"items\":[");
        for (int i = 0; i < 300; i++) {
            json.append(i == 0 ? "" : ",").append("{\"id\":\"").append(i).append("\",\"title\":\"e").append(i).append("\"}");
        }
        ParsedFeed feed = parsed(json.append("]}").toString(), 7);

        assertThat(feed.items()).hasSize(7);
        assertThat(feed.entriesInDocument()).isEqualTo(300);
    }

    private ParsedFeed parsed(String document, int maxEntries) {
        ParseResult result = parser.parse(document.getBytes(StandardCharsets.UTF_8), FeedContext.of(Optional.empty(), null), maxEntries);
        assertThat(result).isInstanceOf(ParseResult.Parsed.class);
        return ((ParseResult.Parsed) result).feed();
    }
}
