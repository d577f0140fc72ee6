package org.newsingest.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.newsingest.fault.World.body;
import static org.newsingest.fault.World.type;
import static org.newsingest.testing.RssFeeds.rss;
import static org.newsingest.testing.RssFeeds.rssItem;
import static org.newsingest.testing.Stories.longText;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.newsingest.testing.TopicReader;

/**
 * Issue 11's end-to-end cases on the packaged service (a child process on PostgreSQL and a Kafka
 * broker of its own), asserted on records consumed from Kafka and rows in PostgreSQL. Feeds are
 * re-polled every 2 s by the service itself.
 */
@Tag("fault")
class StoryIdentityIT {

    private static final Duration ARRIVAL = Duration.ofSeconds(90);
    private static final Duration QUIET = Duration.ofSeconds(8);

    @Test
    void storiesOnThePackagedService() {
        try (World world = new World("story-identity", 1);
             TopicReader reader = new TopicReader(world.bootstrap(), World.TOPIC, world.feeds.url("/stories/"))) {
            tickerIsFourStories(world, reader);
            rferlOnTwoHostsIsOneStory(world, reader);
            tenPairsAreTenStories(world, reader);
            headlineEditIsOneUpdate(world, reader);
        }
    }

    private void tickerIsFourStories(World world, TopicReader reader) {
        String live = "https://live.example/live/ukraine-war";
        String[] entries = new String[4];
        for (int i = 0; i < 4; i++) {
            entries[i] = rssItem(null, live, "09:" + (10 + i) + " Ticker entry " + i, "What happened at 09:" + (10 + i) + ".",
                    "Mon, 30 Nov 2026 09:" + (10 + i) + ":00 GMT");
        }
        world.feeds.serve("/stories/ticker", rss("Live", entries));
        int feed = world.subscribe("/stories/ticker");
        assertThat(awaitOf(reader, List.of(feed), 4)).allMatch(r -> type(r).equals("news.item.created"));
        world.feeds.serve("/stories/ticker", rss("LIVE: the war, day 1011", entries));
        awaitPolls(world, feed, world.count("SELECT count(*) FROM fetch_log WHERE feed_id = " + feed) + 2);
        assertThat(of(reader.drain(QUIET), List.of(feed))).hasSize(4);
        assertThat(world.count("SELECT count(*) FROM item WHERE feed_id = " + feed)).isEqualTo(4);
    }

    private void rferlOnTwoHostsIsOneStory(World world, TopicReader reader) {
        world.feeds.serve("/stories/rferl-en", rss("RFE/RL", rssItem("urn:en:33640001", "https://www.rferl.org/a/kremlin-denies-mobilization/33640001.html",
                "Kremlin Denies Plans For New Mobilization", "The Kremlin said on Monday it had no plans for a new wave of mobilization.", null)));
        world.feeds.serve("/stories/rferl-ru", rss("Радио Свобода", rssItem("urn:ru:33640001", "https://www.svoboda.org/a/33640001.html",
                "Kremlin denies mobilization plans", "Peskov: no new mobilization.", null)));
        // Both feeds at the same moment: their first polls store the two documents side by side.
        List<Integer> feeds = List.of(world.subscribe("/stories/rferl-en"), world.subscribe("/stories/rferl-ru"));
        await().atMost(ARRIVAL).until(() -> !of(reader.drain(Duration.ofMillis(500)), feeds).isEmpty()); // the story's created event
        awaitPolls(world, feeds.get(0), 1);
        awaitPolls(world, feeds.get(1), 1);
        // drain returns every record the reader holds, not only new ones: this is the whole history
        // of both feeds (adding it to records drained earlier would count those twice).
        List<ConsumerRecord<String, byte[]>> events = of(reader.drain(QUIET), feeds);
        // One created for the story. The copy may bring topics the story lacked: then the story gets
        // an updated event for its topics, and nothing else.
        assertThat(events).filteredOn(r -> type(r).equals("news.item.created")).hasSize(1);
        assertThat(events).filteredOn(r -> !type(r).equals("news.item.created"))
                .allSatisfy(r -> assertThat(body(r).get("changedFields").toString()).isEqualTo("[\"topics\"]"));
        assertThat(world.count("SELECT count(DISTINCT story_id) FROM item WHERE story_key = 'rferl:33640001'")).isEqualTo(1);
        assertThat(world.count("SELECT count(*) FROM item WHERE story_key = 'rferl:33640001' AND duplicate_of IS NOT NULL")).isEqualTo(1);
    }

    private void tenPairsAreTenStories(World world, TopicReader reader) {
        for (int story = 0; story < 10; story++) {
            String text = longText(story * 104729L + 5);
            world.feeds.serve("/stories/pair-a-" + story, rss("Outlet A", rssItem(null, "https://outlet-a.example/news/" + story, "Story " + story, text, null)));
            world.feeds.serve("/stories/pair-b-" + story, rss("Outlet B", rssItem(null, "https://outlet-b.example/" + story + "/copy",
                    "Story " + story + " (republished)", text + " This article was originally published by Outlet A.", null)));
        }
        List<Integer> feeds = new ArrayList<>();
        for (int story = 0; story < 10; story++) {
            feeds.add(world.subscribe("/stories/pair-a-" + story));
            feeds.add(world.subscribe("/stories/pair-b-" + story));
        }
        awaitOf(reader, feeds, 10);
        assertThat(of(reader.drain(QUIET), feeds)).hasSize(10).allMatch(r -> type(r).equals("news.item.created"));
        String in = feeds.stream().map(String::valueOf).collect(Collectors.joining(","));
        assertThat(world.count("SELECT count(DISTINCT story_id) FROM item WHERE feed_id IN (" + in + ")")).isEqualTo(10);
        assertThat(world.count("SELECT count(*) FROM item WHERE feed_id IN (" + in + ")")).isEqualTo(20);
    }

    private void headlineEditIsOneUpdate(World world, TopicReader reader) {
        String link = "https://www.rferl.org/a/headline-edit/33640100.html";
        world.feeds.serve("/stories/edit", rss("Edits", rssItem("urn:edit:1", link, "Kremlin Denies Plans For Mobilization", "The Kremlin said...", null)));
        int feed = world.subscribe("/stories/edit");
        awaitOf(reader, List.of(feed), 1);
        world.feeds.serve("/stories/edit", rss("Edits", rssItem("urn:edit:1", link, "Kremlin Denies Plans For New Mobilization", "The Kremlin said...", null)));
        List<ConsumerRecord<String, byte[]>> events = awaitOf(reader, List.of(feed), 2);
        assertThat(of(reader.drain(QUIET), List.of(feed))).hasSize(2);
        assertThat(type(events.get(1))).isEqualTo("news.item.updated");
        assertThat(body(events.get(1)).get("revision").asInt()).isEqualTo(2);
        assertThat(events.get(1).key()).isEqualTo(events.get(0).key());
        assertThat(world.count("SELECT revision FROM item WHERE canonical_url = '" + link + "'")).isEqualTo(2);
    }

    private static List<ConsumerRecord<String, byte[]>> awaitOf(TopicReader reader, List<Integer> feeds, int count) {
        List<ConsumerRecord<String, byte[]>> found = await().atMost(ARRIVAL)
                .until(() -> of(reader.drain(Duration.ofMillis(500)), feeds), events -> events.size() >= count);
        assertThat(found).hasSize(count);
        return found;
    }

    private static List<ConsumerRecord<String, byte[]>> of(List<ConsumerRecord<String, byte[]>> records, List<Integer> feeds) {
        return records.stream().filter(r -> feeds.contains(body(r).get("feed").get("id").asInt())).toList();
    }

    private static void awaitPolls(World world, int feed, long fetches) {
        await().atMost(ARRIVAL).pollInterval(Duration.ofMillis(500))
                .until(() -> world.count("SELECT count(*) FROM fetch_log WHERE feed_id = " + feed), polls -> polls >= fetches);
    }
}
