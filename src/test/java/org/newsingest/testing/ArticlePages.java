package org.newsingest.testing;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/** Article pages and feeds linking to them, for the tests that read pages from a local origin. */
public final class ArticlePages {

    private ArticlePages() {}

    /** The body the extractor should find on {@link #article}'s page: its paragraphs, blank-line separated. */
    public static String body(String story) {
        return IntStream.rangeClosed(1, 4)
                .mapToObj(n -> "Paragraph " + n + " of the " + story + " story: the negotiators met in Geneva on Tuesday and again on"
                        + " Wednesday, and the talks on the ceasefire in Ukraine went on late into the night.")
                .collect(Collectors.joining("\n\n"));
    }

    /** An article page: navigation, the story's paragraphs inside {@code <article>}, a footer, an author and a language. */
    public static String article(String story, String author) {
        String paragraphs = body(story).lines().filter(line -> !line.isBlank()).map(line -> "<p>" + line + "</p>").collect(Collectors.joining("\n"));
        return """
                <!doctype html>
                <html lang="en"><head><meta charset="utf-8"><title>%s</title>
                <meta name="author" content="%s">
                <meta property="og:image" content="https://cdn.example/%s.jpg"></head>
                <body><nav><a href="/">Home</a> <a href="/world">World</a></nav>
                <article><h1>%s</h1>
                %s
                </article>
                <footer>Copyright</footer></body></html>
                """.formatted(story, author, story, story, paragraphs);
    }

    /** An RSS feed whose entries have a one-line description and link to {@code links} (title → URL). */
    public static String feed(String title, Map<String, String> links) {
        List<String> items = links.entrySet().stream()
                .map(entry -> """
                        <item><title>%s</title><link>%s</link><guid isPermaLink="false">%s</guid>
                        <description>A one-line teaser of %s.</description></item>
                        """.formatted(entry.getKey(), entry.getValue(), entry.getKey(), entry.getKey()))
                .toList();
        return RssFeeds.channel(title).description("test").items(items).xml();
    }
}
