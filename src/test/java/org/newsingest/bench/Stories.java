package org.newsingest.bench;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Random;

/**
 * Synthetic news stories and the RSS 2.0 documents that carry them. Every story has its own
 * URL, guid and text (random words, about 70 of them, like a real summary), so each one is a
 * new item to the service: no two share a canonical URL or look like the same text.
 */
final class Stories {

    private static final DateTimeFormatter RFC_1123 = DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);
    private static final String[] WORDS = ("government minister parliament election protest court ruling sanctions energy "
            + "pipeline border troops ceasefire talks president opposition journalist arrested released prison "
            + "economy inflation currency budget reform corruption investigation report officials said monday "
            + "tuesday wednesday thursday friday region capital city villages residents shelling drones attack "
            + "defense ministry statement agreement summit delegation visit foreign policy alliance security "
            + "council vote law amendment media freedom rights activists campaign rally police detained "
            + "hospital school winter gas prices exports grain harbor railway bridge damaged repaired "
            + "refugees humanitarian aid convoy mission observers monitors international community response").split(" ");

    private Stories() {}

    record Story(String guid, String url, String title, String summary, Instant published) {}

    /** Story {@code number} of feed {@code feed}, published at {@code published}. */
    static Story story(int feed, long number, Instant published) {
        Random random = new Random(feed * 1_000_003L + number);
        return new Story("urn:bench:" + feed + ":" + number,
                "https://outlet" + feed % 97 + ".example/news/" + feed + "/" + number,
                words(random, 8) + " (" + feed + "-" + number + ")",
                words(random, 70) + ".",
                published);
    }

    /**
     * The article page of story {@code number} of feed {@code feed}: its title, and four paragraphs
     * of 60 words (the first its feed summary), between navigation and a footer; about 2.5 KB.
     */
    static byte[] page(int feed, long number) {
        Story story = story(feed, number, Instant.EPOCH);
        Random random = new Random(feed * 7_000_001L + number);
        StringBuilder html = new StringBuilder(3_000).append("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>")
                .append(story.title()).append("</title></head><body><nav><a href=\"/\">Home</a> <a href=\"/world\">World</a></nav><article><h1>")
                .append(story.title()).append("</h1><p>").append(story.summary()).append("</p>");
        for (int p = 0; p < 3; p++) {
            html.append("<p>").append(words(random, 60)).append(".</p>");
        }
        return html.append("</article><footer>Bench outlet ").append(feed).append("</footer></body></html>")
                .toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String words(Random random, int count) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < count; i++) {
            if (i > 0) {
                text.append(' ');
            }
            text.append(WORDS[random.nextInt(WORDS.length)]);
        }
        text.setCharAt(0, Character.toUpperCase(text.charAt(0)));
        return text.toString();
    }

    /** An RSS 2.0 document, language declared (as RFE/RL and most outlets do), newest story first. */
    static byte[] rss(int feed, List<Story> stories) {
        StringBuilder xml = new StringBuilder(1_000 + stories.size() * 900)
                .append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
                .append("<rss version=\"2.0\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\"><channel>")
                .append("<title>Bench outlet ").append(feed).append("</title>")
                .append("<link>https://outlet").append(feed % 97).append(".example/</link>")
                .append("<language>en</language><description>Synthetic news for the benchmarks</description>\n");
        for (int i = stories.size() - 1; i >= 0; i--) {
            Story story = stories.get(i);
            xml.append("<item><title>").append(story.title()).append("</title>")
                    .append("<link>").append(story.url()).append("</link>")
                    .append("<guid isPermaLink=\"false\">").append(story.guid()).append("</guid>")
                    .append("<pubDate>").append(RFC_1123.format(story.published())).append("</pubDate>")
                    .append("<dc:creator>Bench Reporter</dc:creator><category>World</category><category>Politics</category>")
                    .append("<description>&lt;p&gt;").append(story.summary()).append("&lt;/p&gt;</description></item>\n");
        }
        return xml.append("</channel></rss>\n").toString().getBytes(StandardCharsets.UTF_8);
    }
}
