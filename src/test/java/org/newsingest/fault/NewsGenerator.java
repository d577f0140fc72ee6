package org.newsingest.fault;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.newsingest.testing.ArticlePages;
import org.newsingest.testing.FeedServer;

/**
 * Feeds on the local server that publish throughout a scenario: every tick a new story appears
 * in one of them, or an earlier story is revised (new title: an {@code updated} event). Each
 * document keeps its newest {@code window} stories, far more than a poll interval brings. Every
 * entry is a one-line teaser linking to its article page on the same server (a few hundred bytes
 * of {@link ArticlePages#article}), so a scenario may run with the extract stage on.
 */
final class NewsGenerator implements AutoCloseable {

    private static final DateTimeFormatter RFC_1123 = DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);

    private final FeedServer server;
    private final int window;
    private final List<List<Story>> feeds = new ArrayList<>();
    private final Random random = new Random(42);
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
    private int next;
    private int revisions;

    private static final class Story {
        final String guid;
        final Instant published;
        int revision = 1;

        Story(String guid, Instant published) {
            this.guid = guid;
            this.published = published;
        }
    }

    NewsGenerator(FeedServer server, int feedCount, int window) {
        this.server = server;
        this.window = window;
        for (int f = 0; f < feedCount; f++) {
            feeds.add(new ArrayList<>());
            addStory(f);
            serve(f);
        }
    }

    static String path(int feed) {
        return "/news/" + feed;
    }

    void start(Duration every) {
        ticker.scheduleAtFixedRate(this::tick, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
    }

    void stop() {
        ticker.shutdown();
        try {
            ticker.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private synchronized void tick() {
        int f = random.nextInt(feeds.size());
        List<Story> stories = feeds.get(f);
        if (stories.size() > 3 && random.nextInt(10) == 0) {
            stories.get(random.nextInt(Math.min(stories.size(), 20))).revision++;
            revisions++;
        } else {
            addStory(f);
        }
        serve(f);
    }

    private void addStory(int f) {
        List<Story> stories = feeds.get(f);
        int n = next++;
        server.serve(articlePath(f, n), "text/html; charset=utf-8", ArticlePages.article(articleName(n), "Fault Desk").getBytes(StandardCharsets.UTF_8));
        stories.add(0, new Story("urn:fault:story:" + n, Instant.now()));
        while (stories.size() > window) {
            stories.remove(stories.size() - 1);
        }
    }

    static String articlePath(int feed, int story) {
        return "/articles/" + feed + "/story-" + story;
    }

    /** The name {@link ArticlePages} writes the story's page for: {@code ArticlePages.body(articleName(n))} is its body. */
    static String articleName(int story) {
        return "report " + story;
    }

    /** The guids on the documents served now: after convergence, each must be stored exactly once. */
    synchronized Set<String> servedGuids() {
        Set<String> guids = new LinkedHashSet<>();
        feeds.forEach(stories -> stories.forEach(s -> guids.add(s.guid)));
        return guids;
    }

    synchronized int storiesPublished() {
        return next;
    }

    synchronized int revisionsPublished() {
        return revisions;
    }

    private void serve(int f) {
        StringBuilder rss = new StringBuilder("""
                <?xml version="1.0" encoding="UTF-8"?>
                <rss version="2.0"><channel><title>Fault feed %d</title><link>https://fault.example/%d</link>
                <description>stories published during a fault scenario</description><language>en</language>
                """.formatted(f, f));
        for (Story story : feeds.get(f)) {
            String n = story.guid.substring(story.guid.lastIndexOf(':') + 1);
            rss.append("<item><guid isPermaLink=\"false\">").append(story.guid).append("</guid>")
                    .append("<link>").append(server.url(articlePath(f, Integer.parseInt(n)))).append("</link>")
                    .append("<title>Story ").append(n).append(", revision ").append(story.revision).append("</title>")
                    .append("<description>Report number ").append(n).append(" from feed ").append(f)
                    .append(", as of revision ").append(story.revision).append(".</description>")
                    .append("<category>Region ").append(n.hashCode() % 3).append("</category>")
                    .append("<pubDate>").append(RFC_1123.format(story.published)).append("</pubDate></item>\n");
        }
        rss.append("</channel></rss>\n");
        server.serve(path(f), rss.toString());
    }

    @Override
    public void close() {
        stop();
    }
}
