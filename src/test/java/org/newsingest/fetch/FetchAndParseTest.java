package org.newsingest.fetch;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.newsingest.feed.PollError;
import org.newsingest.parse.FeedParser;
import org.newsingest.parse.ParseResult;

/**
 * reliability-security.md §5 A1–A5 from the wire: what a misbehaving server's body comes to once
 * fetched and parsed, i.e. the error code the pipeline records (and so: nothing stored).
 */
@Timeout(60)
class FetchAndParseTest {

    private static ParseResult fetchAndParse(String contentType, String body) throws Exception {
        try (MisbehavingServer server = MisbehavingServer.start((request, socket, out) ->
                MisbehavingServer.respond(out, 200, "Content-Type: " + contentType + "\r\n", body))) {
            FetchResult result = Fixtures.fetcher().fetch(Fixtures.get(server, "/feed"));
            assertThat(result).isInstanceOf(FetchResult.Modified.class);
            FetchResult.Modified modified = (FetchResult.Modified) result;
            return new FeedParser().parse(modified.body(), modified.contentType());
        }
    }

    private static void assertParseFailure(ParseResult result, PollError expected) {
        assertThat(result).isInstanceOf(ParseResult.Failed.class);
        assertThat(((ParseResult.Failed) result).error()).isEqualTo(expected);
    }

    // Case A1 of reliability-security.md §5.
    @Test
    void aTruncatedDocumentIsAParseErrorNotAFewPartialItems() throws Exception {
        String full = MisbehavingServer.rss(3);
        assertParseFailure(fetchAndParse("application/rss+xml", full.substring(0, full.length() / 2)), PollError.PARSE_ERROR);
        assertParseFailure(fetchAndParse("application/rss+xml", "<rss version=\"2.0\"><channel><title>x</title><item><title>cut"), PollError.PARSE_ERROR);
    }

    // Case A1 of reliability-security.md §5.
    @Test
    void aCompleteDocumentWithAnUnclosedTagIsReadLeniently() throws Exception {
        ParseResult result = fetchAndParse("application/rss+xml",
                "<rss version=\"2.0\"><channel><title>x</channel><item><title>kept</title></item></rss>");
        assertThat(result).isInstanceOf(ParseResult.Parsed.class);
    }

    // Case A2 of reliability-security.md §5.
    @Test
    void aWellFormedHtmlPageIsNotAFeed() throws Exception {
        assertParseFailure(fetchAndParse("text/html", "<html xmlns=\"http://www.w3.org/1999/xhtml\"><head><title>Home</title></head><body><p>hi</p></body></html>"),
                PollError.NOT_A_FEED);
    }

    // Case A3 of reliability-security.md §5.
    @Test
    void aBrokenHtmlPageIsAParseError() throws Exception {
        assertParseFailure(fetchAndParse("text/html", "<html><body><p>unclosed <b>tags<br></body>"), PollError.PARSE_ERROR);
    }

    // Case A5 of reliability-security.md §5.
    @Test
    void aValidFeedWithZeroItemsParsesToZeroItems() throws Exception {
        ParseResult result = fetchAndParse("application/rss+xml", MisbehavingServer.rss(0));

        assertThat(result).isInstanceOf(ParseResult.Parsed.class);
        assertThat(((ParseResult.Parsed) result).feed().items()).isEmpty();
    }
}
