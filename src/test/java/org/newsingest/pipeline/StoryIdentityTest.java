package org.newsingest.pipeline;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.newsingest.testing.RssFeeds.rss;
import static org.newsingest.testing.RssFeeds.rssItem;
import static org.newsingest.testing.Stories.longText;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.newsingest.testing.PipelineTest;
import org.newsingest.testing.RealEngines;
import org.newsingest.testing.TopicReader;

/**
 * Story identity on feeds outside the happy path, through the running service: records consumed
 * from Kafka, rows in PostgreSQL, and the feed's fetch history.
 */
@QuarkusTest
@TestProfile(RealEngines.class)
class StoryIdentityTest extends PipelineTest {

    private static final Duration QUIET = Duration.ofSeconds(3);

    @Inject
    EntityManager entityManager;

    @Test
    void aTickerWithoutGuidsIsFourStoriesAndAChannelTitleChangeUpdatesNothing() {
        String live = "https://live.example/live/ukraine-war";
        String[] entries = {
                rssItem(null, live, "09:00 Air-raid sirens across Ukraine", "Sirens sounded in most regions.", "Mon, 30 Nov 2026 09:00:00 GMT"),
                rssItem(null, live, "09:12 Drones downed near Kyiv", "Air defence was active.", "Mon, 30 Nov 2026 09:12:00 GMT"),
                rssItem(null, live, "09:30 All clear in Kyiv", "The alert ended.", "Mon, 30 Nov 2026 09:30:00 GMT"),
                rssItem(null, live, "09:41 Power cuts in Odesa", "Energy company reports damage.", "Mon, 30 Nov 2026 09:41:00 GMT")};
        server.serve("/ticker", rss("Live: war in Ukraine", entries));
        try (TopicReader reader = reader()) {
            int feedId = subscribe("/ticker", List.of());
            List<ConsumerRecord<String, byte[]>> created = awaitEventsOf(reader, feedId, 4);
            assertThat(created).allMatch(r -> header(r, "ce_type").equals("news.item.created"));
            assertThat(created.stream().map(r -> body(r).get("title").asText()))
                    .containsExactlyInAnyOrder("09:00 Air-raid sirens across Ukraine", "09:12 Drones downed near Kyiv", "09:30 All clear in Kyiv",
                            "09:41 Power cuts in Odesa");
            assertThat(rows("SELECT count(*) FROM item WHERE feed_id = " + feedId)).isEqualTo(4);

            server.serve("/ticker", rss("LIVE: the war in Ukraine, day 1011", entries));
            pollAndAwait(feedId, 2);
            assertThat(eventsOf(reader.drain(QUIET), feedId)).hasSize(4);
            assertThat(rows("SELECT count(*) FROM item WHERE feed_id = " + feedId + " AND revision > 1")).isZero();
        }
    }

    @Test
    void oneRferlArticleOnTwoHostsIsOneStory() {
        server.serve("/rferl-en", rss("RFE/RL", rssItem("urn:en:1", "https://www.rferl.org/a/kremlin-denies-mobilization/33640001.html",
                "Kremlin Denies Plans For New Mobilization", "The Kremlin said on Monday it had no plans for a new wave of mobilization.", null)));
        server.serve("/rferl-ru", rss("Радио Свобода",
                rssItem("urn:ru:1", "https://www.svoboda.org/a/33640001.html", "Kremlin denies mobilization plans", "Peskov: no new mobilization.", null),
                rssItem("urn:ru:2", "https://www.svoboda.org/a/33640002.html", "Novosti", "A different article.", null)));
        try (TopicReader reader = reader()) {
            int english = subscribe("/rferl-en", List.of());
            String story = awaitEventsOf(reader, english, 1).get(0).key();
            int russian = subscribe("/rferl-ru", List.of());
            List<ConsumerRecord<String, byte[]>> ofRussian = awaitEventsOf(reader, russian, 1);
            assertThat(body(ofRussian.get(0)).get("url").asText()).isEqualTo("https://www.svoboda.org/a/33640002.html");
            assertThat(eventsOf(reader.drain(QUIET), russian)).hasSize(1);
            // One created for the story. The copy may bring topics the story lacked: then the story
            // gets an updated event for its topics, and nothing else.
            List<ConsumerRecord<String, byte[]>> ofEnglish = eventsOf(reader.drain(Duration.ZERO), english);
            assertThat(ofEnglish).filteredOn(r -> header(r, "ce_type").equals("news.item.created")).hasSize(1);
            assertThat(ofEnglish).filteredOn(r -> !header(r, "ce_type").equals("news.item.created"))
                    .allSatisfy(r -> assertThat(body(r).get("changedFields").toString()).isEqualTo("[\"topics\"]"));

            given().get("/api/v1/stories/{id}", story).then().statusCode(200)
                    .body("items.size()", equalTo(2))
                    .body("items[0].storyKey", equalTo("rferl:33640001"))
                    .body("items[1].duplicateOf", equalTo(story))
                    .body("items[1].url", equalTo("https://www.svoboda.org/a/33640001.html"))
                    .body("items[1].sightings[0].matchReason", equalTo("url_rule"))
                    .body("outlets.host", contains("www.rferl.org", "www.svoboda.org"));
            assertThat(rows("SELECT count(*) FROM item WHERE story_id = '" + story + "' AND feed_id = " + russian + " AND duplicate_of = '" + story + "'"))
                    .isEqualTo(1);
        }
    }

    /**
     * The same article on two hosts, both feeds subscribed at the same moment, so their first polls
     * store the two documents side by side: one {@code created} for the story, the other entry its
     * duplicate.
     */
    @Test
    void oneRferlArticleOnTwoHostsSubscribedAtTheSameMomentIsOneStory() {
        server.serve("/rferl-en-together", rss("RFE/RL", rssItem("urn:en:33640021", "https://www.rferl.org/a/kremlin-denies-mobilization/33640021.html",
                "Kremlin Denies Plans For New Mobilization", "The Kremlin said on Monday it had no plans for a new wave of mobilization.", null)));
        server.serve("/rferl-ru-together", rss("Радио Свобода", rssItem("urn:ru:33640021", "https://www.svoboda.org/a/33640021.html",
                "Kremlin denies mobilization plans", "Peskov: no new mobilization.", null)));
        try (TopicReader reader = reader()) {
            List<Integer> feeds = List.of(subscribe("/rferl-en-together", List.of()), subscribe("/rferl-ru-together", List.of()));
            await().atMost(ARRIVAL).until(() -> !pairEvents(reader.drain(Duration.ofMillis(500)), feeds).isEmpty()); // the story's created event
            for (int feedId : feeds) {
                fetches(feedId, 1);
            }
            // drain returns every record the reader holds, so this is the whole history of both feeds
            List<ConsumerRecord<String, byte[]>> events = pairEvents(reader.drain(QUIET), feeds);
            assertThat(events).filteredOn(r -> header(r, "ce_type").equals("news.item.created")).hasSize(1);
            assertThat(events).filteredOn(r -> !header(r, "ce_type").equals("news.item.created"))
                    .allSatisfy(r -> assertThat(body(r).get("changedFields").toString()).isEqualTo("[\"topics\"]"));
            assertThat(rows("SELECT count(*) FROM item WHERE story_key = 'rferl:33640021'")).isEqualTo(2);
            assertThat(rows("SELECT count(*) FROM item WHERE story_key = 'rferl:33640021' AND duplicate_of IS NOT NULL")).isEqualTo(1);
            assertThat(rows("SELECT count(DISTINCT story_id) FROM item WHERE story_key = 'rferl:33640021'")).isEqualTo(1);
        }
    }

    @Test
    void aRevisionOntoAnotherItemsUrlIsRefusedAndItsNeighboursArePublished() {
        server.serve("/collide", rss("Collide",
                rssItem("c1", "https://collide.example/news/1", "First story", "One.", null),
                rssItem("c2", "https://collide.example/news/2", "Second story", "Two.", null)));
        try (TopicReader reader = reader()) {
            int feedId = subscribe("/collide", List.of());
            awaitEventsOf(reader, feedId, 2);

            server.serve("/collide", rss("Collide",
                    rssItem("c1", "https://collide.example/news/2", "First story, moved", "One.", null),
                    rssItem("c3", "https://collide.example/news/3", "Third story", "Three.", null)));
            JsonPath fetch = pollAndAwait(feedId, 2);
            List<ConsumerRecord<String, byte[]>> events = awaitEventsOf(reader, feedId, 3);
            assertThat(body(events.get(2)).get("title").asText()).isEqualTo("Third story");
            assertThat(eventsOf(reader.drain(QUIET), feedId)).hasSize(3);
            assertThat(fetch.getList("warnings.code")).contains("canonical_url_taken");
            assertThat(fetch.<String>getList("warnings.entry")).contains("c1");
            assertThat(rows("SELECT count(*) FROM item WHERE feed_id = " + feedId + " AND title = 'First story'")).isEqualTo(1);
        }
    }

    @Test
    void duplicateGuidsInOneDocumentStoreEachEntryOnceAndSwitchTheFeedToUrlIdentity() {
        String[] entries = {
                rssItem("same", "https://dup.example/news/1", "Story one", "One.", null),
                rssItem("same", "https://dup.example/news/1", "Story one", "One.", null),
                rssItem("same", "https://dup.example/news/2", "Story two", "Two.", null),
                rssItem("same", "https://dup.example/news/3", "Story three", "Three.", null),
                rssItem("own", "https://dup.example/news/4", "Story four", "Four.", null)};
        server.serve("/dupes", rss("Dupes", entries));
        try (TopicReader reader = reader()) {
            int feedId = subscribe("/dupes", List.of());
            awaitEventsOf(reader, feedId, 4);
            JsonPath fetch = fetches(feedId, 1);
            assertThat(fetch.getList("warnings.code")).contains("duplicate_entry", "identity_policy_changed");
            assertThat(text("SELECT identity_policy FROM feed WHERE id = " + feedId)).isEqualTo("url");

            server.serve("/dupes", rss("Dupes, renamed", entries));
            pollAndAwait(feedId, 2);
            assertThat(eventsOf(reader.drain(QUIET), feedId)).hasSize(4);
            assertThat(rows("SELECT count(*) FROM item WHERE feed_id = " + feedId)).isEqualTo(4);
        }
    }

    @Test
    void guidsReissuedForTheSameLinksAreTheSameEntriesAndSwitchTheFeedToUrlIdentity() {
        server.serve("/churn", rss("Churn",
                rssItem("v1-a", "https://churn.example/a", "A", "Story A.", null),
                rssItem("v1-b", "https://churn.example/b", "B", "Story B.", null),
                rssItem("v1-c", "https://churn.example/c", "C", "Story C.", null)));
        try (TopicReader reader = reader()) {
            int feedId = subscribe("/churn", List.of());
            awaitEventsOf(reader, feedId, 3);

            server.serve("/churn", rss("Churn",
                    rssItem("v2-a", "https://churn.example/a", "A", "Story A.", null),
                    rssItem("v2-b", "https://churn.example/b", "B", "Story B.", null),
                    rssItem("v2-c", "https://churn.example/c", "C, corrected", "Story C.", null)));
            JsonPath fetch = pollAndAwait(feedId, 2);
            List<ConsumerRecord<String, byte[]>> events = awaitEventsOf(reader, feedId, 4);
            assertThat(header(events.get(3), "ce_type")).isEqualTo("news.item.updated");
            assertThat(body(events.get(3)).get("revision").asInt()).isEqualTo(2);
            assertThat(eventsOf(reader.drain(QUIET), feedId)).hasSize(4);
            assertThat(fetch.getList("warnings.code")).containsExactly("identity_policy_changed");
            assertThat(text("SELECT identity_policy FROM feed WHERE id = " + feedId)).isEqualTo("url");
            assertThat(rows("SELECT count(*) FROM item WHERE feed_id = " + feedId)).isEqualTo(3);
        }
    }

    @Test
    void aSightingThatBringsNewTopicsIsANewRevisionOfTheStory() {
        server.serve("/topics-origin", rss("Origin", rssItem("t1", "https://topics.example/story-1", "A story", "Text.", null)));
        // The sighting comes first in its document, a new story after it: both rows are written, in an order the foreign keys accept.
        server.serve("/topics-tagged", rss("Tagged", rssItem("t1-elsewhere", "https://topics.example/story-1", "A story", "Text.", null),
                rssItem("t2", "https://topics.example/story-2", "Another story", "Other text.", null)));
        try (TopicReader reader = reader()) {
            int origin = subscribe("/topics-origin", List.of());
            ConsumerRecord<String, byte[]> created = awaitEventsOf(reader, origin, 1).get(0);
            int tagged = subscribe("/topics-tagged", List.of("Ukraine"));
            List<ConsumerRecord<String, byte[]>> events = awaitEventsOf(reader, origin, 2);
            JsonNode updated = body(events.get(1));
            assertThat(events.get(1).key()).isEqualTo(created.key());
            assertThat(header(events.get(1), "ce_type")).isEqualTo("news.item.updated");
            assertThat(updated.get("revision").asInt()).isEqualTo(2);
            assertThat(updated.get("changedFields")).extracting(JsonNode::asText).containsExactly("topics");
            assertThat(updated.get("topics")).extracting(topic -> topic.get("label").asText()).contains("Ukraine");
            List<ConsumerRecord<String, byte[]>> ofTagged = awaitEventsOf(reader, tagged, 1);
            assertThat(body(ofTagged.get(0)).get("url").asText()).isEqualTo("https://topics.example/story-2");
            assertThat(eventsOf(reader.drain(QUIET), tagged)).hasSize(1);
        }
    }

    @Test
    void tenLongStoriesInTwoOutletsEachSubscribedAtOnceAreTenCreatedEvents() {
        List<Integer> feeds = new ArrayList<>();
        for (int story = 0; story < 10; story++) {
            String text = longText(story * 104729L + 3);
            server.serve("/pair-a-" + story, rss("Outlet A", rssItem(null, "https://outlet-a.example/news/" + story, "Story " + story, text, null)));
            server.serve("/pair-b-" + story, rss("Outlet B", rssItem(null, "https://outlet-b.example/" + story + "/copy", "Story " + story + " (republished)",
                    text + " This article was originally published by Outlet A.", null)));
        }
        try (TopicReader reader = reader()) {
            for (int story = 0; story < 10; story++) {
                feeds.add(subscribe("/pair-a-" + story, List.of()));
                feeds.add(subscribe("/pair-b-" + story, List.of()));
            }
            await().atMost(ARRIVAL).until(() -> pairEvents(reader.drain(Duration.ofMillis(500)), feeds).size() >= 10); // the ten stories
            List<ConsumerRecord<String, byte[]>> events = pairEvents(reader.drain(QUIET), feeds);
            assertThat(events).hasSize(10).allMatch(r -> header(r, "ce_type").equals("news.item.created"));
            String inFeeds = feeds.stream().map(String::valueOf).collect(Collectors.joining(","));
            assertThat(rows("SELECT count(*) FROM item WHERE feed_id IN (" + inFeeds + ")")).isEqualTo(20);
            assertThat(rows("SELECT count(DISTINCT story_id) FROM item WHERE feed_id IN (" + inFeeds + ")")).isEqualTo(10);
            assertThat(rows("SELECT count(*) FROM item WHERE feed_id IN (" + inFeeds + ") AND duplicate_of IS NOT NULL")).isEqualTo(10);
        }
    }

    private List<ConsumerRecord<String, byte[]>> pairEvents(List<ConsumerRecord<String, byte[]>> records, List<Integer> feeds) {
        return records.stream().filter(r -> feeds.contains(body(r).get("feed").get("id").asInt())).toList();
    }

    private List<ConsumerRecord<String, byte[]>> eventsOf(List<ConsumerRecord<String, byte[]>> records, int feedId) {
        return records.stream().filter(r -> body(r).get("feed").get("id").asInt() == feedId).toList();
    }

    /** Polls the feed now and waits for its {@code count}-th fetch-log line, which it returns. */
    private static JsonPath pollAndAwait(int feedId, int count) {
        given().post("/api/v1/feeds/{id}/poll", feedId).then().statusCode(202);
        return fetches(feedId, count);
    }

    private static JsonPath fetches(int feedId, int count) {
        JsonPath log = await().atMost(ARRIVAL)
                .until(() -> given().get("/api/v1/feeds/{id}/fetches", feedId).then().statusCode(200).extract().jsonPath(),
                        fetched -> fetched.getList("$").size() >= count);
        assertThat(log.getList("$")).hasSize(count);
        return log.setRootPath("[0]");
    }

    private long rows(String sql) {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) entityManager.createNativeQuery(sql).getSingleResult()).longValue());
    }

    private String text(String sql) {
        return QuarkusTransaction.requiringNew().call(() -> (String) entityManager.createNativeQuery(sql).getSingleResult());
    }

}
