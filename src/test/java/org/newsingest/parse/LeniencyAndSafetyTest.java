package org.newsingest.parse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.newsingest.feed.PollError;

class LeniencyAndSafetyTest {

    private final FeedParser parser = new FeedParser();

    private ParseResult parse(String xml) {
        return parser.parse(xml.getBytes(StandardCharsets.UTF_8), Optional.empty());
    }

    private ParsedFeed feed(String xml) {
        ParseResult result = parse(xml);
        assertThat(result).isInstanceOf(ParseResult.Parsed.class);
        return ((ParseResult.Parsed) result).feed();
    }

    private static String rss(String itemXml) {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?><rss version=\"2.0\"><channel><title>t</title><item>" + itemXml + "</item></channel></rss>";
    }

    @Test
    void xxeIsRefused() {
        ParseResult result = parse("<?xml version=\"1.0\"?><!DOCTYPE rss [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>"
                + "<rss version=\"2.0\"><channel><title>&xxe;</title></channel></rss>");
        assertThat(result).isInstanceOf(ParseResult.Failed.class);
        assertThat(((ParseResult.Failed) result).error()).isEqualTo(PollError.PARSE_ERROR);
        assertThat(((ParseResult.Failed) result).detail()).contains("DOCTYPE");
    }

    @Test
    void billionLaughsIsRefusedQuickly() {
        StringBuilder doc = new StringBuilder("<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\">");
        doc.append("<!ENTITY lol1 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">");
        for (int i = 2; i <= 9; i++) {
            doc.append("<!ENTITY lol").append(i).append(" \"").append(("&lol" + (i - 1) + ";").repeat(10)).append("\">");
        }
        doc.append("]><rss><channel><title>&lol9;</title></channel></rss>");
        long start = System.nanoTime();
        assertThat(parse(doc.toString())).isInstanceOf(ParseResult.Failed.class);
        assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(1_000);
    }

    @Test
    void doctypeAfterJunkOrCommentsIsStillRefused() {
        assertThat(parse("  \n<!-- c --><!doctype rss SYSTEM \"http://127.0.0.1:1/x.dtd\" [<!ENTITY e \"boom\">]><rss><channel/></rss>"))
                .isInstanceOf(ParseResult.Failed.class);
        // a DOCTYPE where none may be (inside the document) makes the strict parse fail; the
        // lenient fallback must not expand anything either
        ParseResult inner = parse("<rss><channel><title>a</title><!DOCTYPE x [<!ENTITY e \"boom\">]><item><title>&e;</title></item></channel></rss>");
        if (inner instanceof ParseResult.Parsed parsed) {
            assertThat(parsed.feed().items().get(0).title().orElse("")).doesNotContain("boom");
        }
    }

    @Test
    void rss091WithNetscapesPublicDtdIsReadAndTheDtdIsNeverFetched() throws Exception {
        try (ServerSocket dtdHost = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            dtdHost.setSoTimeout(300);
            String dtd = "http://127.0.0.1:" + dtdHost.getLocalPort() + "/publish/formats/rss-0.91.dtd";
            ParsedFeed feed = feed("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n"
                    + "<!DOCTYPE rss PUBLIC \"-//Netscape Communications//DTD RSS 0.91//EN\"\n  \"" + dtd + "\">\n"
                    + "<rss version=\"0.91\"><channel><title>Caf&eacute; news</title><link>http://x.test/</link><language>en-us</language>"
                    + "<item><title>One</title><link>http://x.test/1</link><description>a &amp; b</description></item></channel></rss>");
            assertThat(feed.title()).contains("Café news");
            assertThat(feed.items()).hasSize(1);
            assertThat(feed.items().get(0).link()).contains("http://x.test/1");
            assertThat(feed.warnings()).anyMatch(w -> w.contains("external DTD"));
            assertThatThrownBy(dtdHost::accept).as("nobody connected to fetch the DTD").isInstanceOf(SocketTimeoutException.class);
        }
    }

    @Test
    void aSystemDtdIsSkippedUnreadEvenWhenItPointsAtALocalFile() {
        ParsedFeed feed = feed("<!DOCTYPE rss SYSTEM 'file:///etc/passwd'><rss version=\"2.0\"><channel><title>t</title>"
                + "<item><title>x</title></item></channel></rss>");
        assertThat(feed.items()).hasSize(1);
        assertThat(feed.title()).contains("t");
    }

    @Test
    void anExternalDtdWithAnInternalSubsetOrASecondDeclarationIsRefused() {
        assertThat(parse("<!DOCTYPE rss PUBLIC \"-//Netscape Communications//DTD RSS 0.91//EN\" \"http://127.0.0.1:1/x.dtd\""
                + " [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]><rss version=\"0.91\"><channel><title>&xxe;</title></channel></rss>"))
                .isInstanceOf(ParseResult.Failed.class);
        assertThat(parse("<!DOCTYPE rss SYSTEM \"http://127.0.0.1:1/x.dtd\"><!ENTITY xxe SYSTEM \"file:///etc/passwd\">"
                + "<rss version=\"0.91\"><channel><title>&xxe;</title></channel></rss>"))
                .isInstanceOf(ParseResult.Failed.class);
        assertThat(parse("<!DOCTYPE rss SYSTEM \"a.dtd\"><!DOCTYPE rss [<!ENTITY e \"boom\">]><rss><channel><title>&e;</title></channel></rss>"))
                .isInstanceOf(ParseResult.Failed.class);
    }

    @Test
    void htmlEntitiesBareAmpersandsAndControlCharactersAreRepaired() {
        ParsedFeed feed = feed(rss("<title>Caf&eacute; &amp; cr&egrave;me &hellip; R&D \u0001ok</title><link>http://x.test/?a=1&b=2</link>"));
        assertThat(feed.items().get(0).title()).contains("Café & crème … R&D ok");
        assertThat(feed.items().get(0).link()).contains("http://x.test/?a=1&b=2");
        assertThat(feed.warnings()).isNotEmpty();
    }

    @Test
    void cdataIsNotTouchedByTheRepair() {
        ParsedFeed feed = feed(rss("<description><![CDATA[a &eacute; & b]]></description>"));
        assertThat(feed.items().get(0).summaryHtml()).contains("a &eacute; & b");
    }

    @Test
    void junkBeforeTheXmlDeclarationIsSkipped() {
        ParsedFeed feed = feed("\uFEFF\n  <b>Warning</b>: something in x.php on line 3\n" + rss("<title>ok</title>"));
        assertThat(feed.items()).hasSize(1);
    }

    @Test
    void anXmlDeclarationInsideContentIsNotTakenForTheStart() {
        ParsedFeed feed = feed("<rss><channel><title>t</title><item><description><![CDATA[<?xml version=\"1.0\"?> x]]></description></item></channel></rss>");
        assertThat(feed.items()).hasSize(1);
        assertThat(feed.title()).contains("t");
    }

    @Test
    void notWellFormedXmlIsReadLeniently() {
        ParsedFeed feed = feed("<rss version=\"2.0\"><channel><title>t</title><item><title>one</title><description>a <b>bold</description></item>"
                + "<item><title>two</title></item></channel></rss");
        assertThat(feed.items()).extracting(i -> i.title().orElse("")).containsExactly("one", "two");
    }

    @Test
    void notAFeed() {
        assertThat(parse("<html><body>hello</body></html>")).isInstanceOf(ParseResult.Failed.class)
                .extracting(r -> ((ParseResult.Failed) r).error()).isEqualTo(PollError.NOT_A_FEED);
        assertThat(parser.parse(new byte[0], Optional.empty())).isInstanceOf(ParseResult.Failed.class);
        assertThat(parse("just text")).isInstanceOf(ParseResult.Failed.class);
    }

    @Test
    void charsetPrecedenceBomThenHttpThenDeclaration() {
        String xml = "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><rss><channel><title>café über – €</title></channel></rss>";
        // UTF-8 BOM beats the declaration
        byte[] utf8 = xml.getBytes(StandardCharsets.UTF_8);
        byte[] withBom = new byte[utf8.length + 3];
        withBom[0] = (byte) 0xEF;
        withBom[1] = (byte) 0xBB;
        withBom[2] = (byte) 0xBF;
        System.arraycopy(utf8, 0, withBom, 3, utf8.length);
        assertThat(title(parser.parse(withBom, Optional.of("text/xml; charset=windows-1251")))).isEqualTo("café über – €");
        // HTTP charset beats the declaration
        assertThat(title(parser.parse(utf8, Optional.of("application/rss+xml; charset=utf-8")))).isEqualTo("café über – €");
        // the declaration when nothing else says
        byte[] latin = xml.replace(" – €", "").getBytes(StandardCharsets.ISO_8859_1);
        assertThat(title(parser.parse(latin, Optional.empty()))).isEqualTo("café über");
        // declared UTF-8 but the bytes are windows-1252: documented fallback, no U+FFFD
        byte[] cp1252 = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><rss><channel><title>“quoted” café</title></channel></rss>"
                .getBytes(Charset.forName("windows-1252"));
        assertThat(title(parser.parse(cp1252, Optional.empty()))).isEqualTo("“quoted” café");
        // UTF-16 without BOM, detected from the bytes
        byte[] utf16 = "<?xml version=\"1.0\" encoding=\"UTF-16\"?><rss><channel><title>日本</title></channel></rss>".getBytes(StandardCharsets.UTF_16LE);
        assertThat(title(parser.parse(utf16, Optional.empty()))).isEqualTo("日本");
    }

    @Test
    void oneBadByteInAUtf8FeedBecomesAReplacementCharacter() {
        byte[] good = "<rss><channel><title>Привет мир, это длинный заголовок новости</title></channel></rss>".getBytes(StandardCharsets.UTF_8);
        byte[] body = new byte[good.length + 1];
        int at = 30;
        System.arraycopy(good, 0, body, 0, at);
        body[at] = (byte) 0xFF;
        System.arraycopy(good, at, body, at + 1, good.length - at);
        String title = title(parser.parse(body, Optional.empty()));
        assertThat(title).contains("\uFFFD").contains("заголовок новости");
    }

    @Test
    void rssFieldMappingAndFallbacks() {
        ParsedFeed feed = feed("<rss version=\"2.0\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:content=\"http://purl.org/rss/1.0/modules/content/\""
                + " xmlns:media=\"http://search.yahoo.com/mrss/\" xmlns:sy=\"http://purl.org/rss/1.0/modules/syndication/\">"
                + "<channel><title>Feed</title><link>http://example.org/</link><language>ru</language><sy:updatePeriod>hourly</sy:updatePeriod><sy:updateFrequency>2</sy:updateFrequency>"
                + "<item><title>A</title><link>/a</link><guid isPermaLink=\"false\">42</guid><dc:date>2024-01-02T03:04:05+01:00</dc:date>"
                + "<dc:creator>Ann</dc:creator><category>World</category><dc:subject>Politics</dc:subject><media:keywords>x, y</media:keywords>"
                + "<description>&lt;p&gt;Sum&lt;/p&gt;</description><content:encoded><![CDATA[<p>Body</p>]]></content:encoded>"
                + "<enclosure url=\"http://example.org/a.mp3\" type=\"audio/mpeg\" length=\"10\"/><media:content url=\"http://example.org/a.jpg\"/></item>"
                + "<item><title>B</title><guid>http://example.org/b</guid></item>"
                + "</channel></rss>");
        assertThat(feed.ttl()).contains(java.time.Duration.ofMinutes(30));
        assertThat(feed.language()).contains("ru");
        ParsedItem a = feed.items().get(0);
        assertThat(a.guid()).contains("42");
        assertThat(a.link()).contains("/a"); // no base URI known here; the normalizer resolves against the feed URL
        assertThat(a.issued()).isEmpty();
        assertThat(a.published()).contains(Instant.parse("2024-01-02T02:04:05Z"));
        assertThat(a.author()).contains("Ann");
        assertThat(a.categories()).containsExactly("World", "Politics", "x", "y");
        assertThat(a.summaryHtml()).contains("<p>Sum</p>");
        assertThat(a.contentHtml()).contains("<p>Body</p>");
        assertThat(a.enclosures()).extracting(ParsedItem.Enclosure::source).containsExactly(ParsedItem.Source.ENCLOSURE, ParsedItem.Source.MEDIA_CONTENT);
        ParsedItem b = feed.items().get(1);
        assertThat(b.link()).contains("http://example.org/b");
        assertThat(b.linkFromId()).isTrue();
        assertThat(b.published()).isEmpty(); // never invented
    }

    @Test
    void xmlBaseAndContentLocationResolveLinks() {
        String xml = "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:base=\"http://example.org/base/\"><title>f</title>"
                + "<entry xml:base=\"sub/\"><id>tag:x,2024:1</id><title type=\"html\">&lt;b&gt;T&lt;/b&gt;</title>"
                + "<link rel=\"alternate\" type=\"text/html\" href=\"page.html\"/><link rel=\"enclosure\" href=\"/file.mp3\"/>"
                + "<published>2024-05-06T07:08:09Z</published><author><name>Bo</name><email>bo@x.test</email></author>"
                + "<category term=\"news\"/><content type=\"xhtml\"><div xmlns=\"http://www.w3.org/1999/xhtml\"><p>Hi</p></div></content></entry></feed>";
        ParsedFeed feed = ((ParseResult.Parsed) parser.parse(xml.getBytes(StandardCharsets.UTF_8),
                new FeedContext(Optional.empty(), Optional.of(java.net.URI.create("http://other.test/feed")), Optional.empty(), Optional.of("en")))).feed();
        assertThat(feed.format()).isEqualTo("atom_1.0");
        assertThat(feed.language()).contains("en");
        ParsedItem e = feed.items().get(0);
        assertThat(e.link()).contains("http://example.org/base/sub/page.html");
        assertThat(e.enclosures()).extracting(ParsedItem.Enclosure::url).containsExactly("http://example.org/file.mp3");
        assertThat(e.title()).contains("<b>T</b>");
        assertThat(e.author()).contains("Bo (bo@x.test)");
        assertThat(e.issued()).contains(Instant.parse("2024-05-06T07:08:09Z"));
        assertThat(e.contentHtml().orElseThrow()).contains("<p").contains("Hi</p>");
        assertThat(e.categories()).containsExactly("news");
    }

    @Test
    void farFutureDatesAreFlagged() {
        ParsedItem item = feed(rss("<title>x</title><pubDate>Mon, 01 Jan 2120 00:00:00 GMT</pubDate>")).items().get(0);
        assertThat(item.flags()).contains(ParsedItem.Flag.FUTURE_DATE);
        ParsedItem bad = feed(rss("<title>x</title><pubDate>sometime soon</pubDate>")).items().get(0);
        assertThat(bad.published()).isEmpty();
        assertThat(bad.flags()).contains(ParsedItem.Flag.UNREADABLE_DATE);
    }

    private static String title(ParseResult result) {
        assertThat(result).isInstanceOf(ParseResult.Parsed.class);
        return ((ParseResult.Parsed) result).feed().title().orElse(null);
    }
}
