package org.newsingest.pipeline;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.newsingest.testing.PipelineTest;
import org.newsingest.testing.RealEngines;
import org.newsingest.testing.RssFeeds;
import org.newsingest.testing.TopicReader;

/**
 * Issue 10.7, the hostile entries that only the store path can handle (identity, dedupe, per-entry
 * isolation): the neighbours are stored and published, the feed keeps its schedule, and the fetch
 * log names the entry.
 */
@QuarkusTest
@TestProfile(RealEngines.class)
class StorePathHostileEntriesTest extends PipelineTest {

    @Test
    void aRevisionWhoseNewLinkIsAnotherItemsCanonicalUrlCostsOnlyThatEntry() throws IOException {
        String path = "/store-path/collision";
        server.serve(path, rss(item("n1", "https://hostile.test/collision/n1", "Neighbour one"),
                item("x", "https://hostile.test/collision/x", "Story X"),
                item("y", "https://hostile.test/collision/y", "Story Y")));
        try (TopicReader reader = reader()) {
            int feedId = subscribe(path, List.of());
            awaitEventsOf(reader, feedId, 3);

            // X is revised, and its new link is the one Y owns: item_canonical_url_unique would fail the whole document.
            server.serve(path, rss(item("n1", "https://hostile.test/collision/n1", "Neighbour one"),
                    item("x", "https://hostile.test/collision/y", "Story X, revised"),
                    item("y", "https://hostile.test/collision/y", "Story Y"),
                    item("n2", "https://hostile.test/collision/n2", "Neighbour two")));
            given().post("/api/v1/feeds/{id}/poll", feedId).then().statusCode(202);

            await().atMost(ARRIVAL).until(() -> lastFetch(feedId).path("itemsSeen").asInt() == 4 || feed(feedId).path("lastError").asText(null) != null);
            // X's revision may or may not be published, depending on how the store path settles the collision.
            List<JsonNode> events = reader.drain(Duration.ofSeconds(3)).stream().map(this::body)
                    .filter(e -> e.path("feed").path("id").asInt() == feedId).toList();
            assertThat(events).extracting(e -> e.path("title").asText()).containsOnlyOnce("Neighbour two");
            JsonNode feed = feed(feedId);
            assertThat(feed.path("lastError").asText(null)).isNull();
            // Two entries of one document share the link, so it identifies neither of them: X keeps
            // its own canonical URL and nothing collides (a collision with another document's item
            // is refused with a warning: StoryIdentityTest).
            assertThat(lastFetch(feedId).path("outcome").asText()).isEqualTo("modified");
        }
    }

    @Test
    void duplicateGuidsInsideOneDocumentCostNoNeighbourAndMakeNoRevisions() throws IOException {
        String path = "/store-path/duplicate-guids";
        server.serve(path, rss(item("n1", "https://hostile.test/dup/n1", "Neighbour one"),
                item("same", "https://hostile.test/dup/a", "Same GUID, first"),
                item("same", "https://hostile.test/dup/a", "Same GUID, second"),
                item("n2", "https://hostile.test/dup/n2", "Neighbour two")));
        try (TopicReader reader = reader()) {
            int feedId = subscribe(path, List.of());
            await().atMost(ARRIVAL).until(() -> feed(feedId).path("lastFetchedAt").asText(null) != null);
            List<JsonNode> events = reader.drain(Duration.ofSeconds(5)).stream().map(this::body)
                    .filter(e -> e.path("feed").path("id").asInt() == feedId).toList();
            assertThat(events).extracting(e -> e.path("title").asText()).contains("Neighbour one", "Neighbour two");
            // A GUID that repeats identifies nothing, and a link two entries share identifies neither:
            // entries that differ in their text are two stories (a live ticker), never one entry
            // revised twice in one poll. Exact copies would be one entry (StoryIdentityTest).
            List<JsonNode> sameGuid = events.stream().filter(e -> e.path("title").asText().startsWith("Same GUID")).toList();
            assertThat(sameGuid).extracting(e -> e.path("itemId").asText()).doesNotHaveDuplicates().hasSize(2);
            assertThat(sameGuid).allSatisfy(e -> assertThat(e.path("revision").asInt()).isEqualTo(1));
            assertThat(feed(feedId).path("lastError").asText(null)).isNull();
        }
    }

    private JsonNode feed(int feedId) throws IOException {
        return json.readTree(given().get("/api/v1/feeds/{id}", feedId).then().statusCode(200).extract().asString());
    }

    private JsonNode lastFetch(int feedId) throws IOException {
        return json.readTree(given().get("/api/v1/feeds/{id}/fetches", feedId).then().statusCode(200).extract().asString()).path(0);
    }

    private static String item(String guid, String link, String title) {
        return "<item><guid isPermaLink=\"false\">" + guid + "</guid><link>" + link + "</link><title>" + title + "</title></item>";
    }

    private static String rss(String... items) {
        return RssFeeds.channel("Store path").link("https://hostile.test/").items(List.of(items)).xml();
    }
}
