package org.newsingest.store;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.newsingest.tag.Topic;
import org.newsingest.testing.FeedServer;
import org.newsingest.testing.RealEngines;

/**
 * Issue 17: the item list, a replay and a retag answer "items first seen in a range, by feed, by
 * topic" the same way. Items are written straight into the store, each in a range of time of its
 * own (other test classes share the database), with stored topics that the tagger would never write:
 * a descendant without its ancestor, as a taxonomy change or another source leaves them.
 */
@QuarkusTest
@TestProfile(RealEngines.class)
class ItemQueryTest {

    private static FeedServer server;

    @BeforeAll
    static void startFeedServer() {
        server = FeedServer.start();
        for (String name : List.of("replay", "first", "second")) {
            server.serve("/item-query/" + name, "<rss version=\"2.0\"><channel><title>" + name + "</title></channel></rss>");
        }
    }

    @AfterAll
    static void stopFeedServer() {
        server.close();
    }

    @Test
    void aReplayByTopicIncludesItemsTaggedOnlyWithADescendantAsTheItemListDoes() {
        Instant at = Instant.parse("2001-03-01T10:00:00Z");
        long feed = subscribe("/item-query/replay");
        UUID crimea = storeItem(feed, at, List.of(new Topic("geo:UA-43", "Crimea", "geo", 0.9)));

        given().queryParam("topic", "geo:UA").queryParam("since", at.toString()).queryParam("until", at.plusSeconds(1).toString())
                .get("/api/v1/items").then().statusCode(200).body("items.itemId", contains(crimea.toString()));
        given().contentType(ContentType.JSON)
                .body(Map.of("from", at.toString(), "to", at.plusSeconds(1).toString(), "topic", "geo:UA"))
                .post("/api/v1/replay").then().statusCode(202).body("total", equalTo(1));
    }

    @Test
    void aRetagByFeedIncludesItemsOnlySightedInThatFeedAsTheItemListDoes() {
        Instant at = Instant.parse("2001-04-01T10:00:00Z");
        long first = subscribe("/item-query/first");
        long second = subscribe("/item-query/second");
        UUID item = storeItem(first, at, List.of());
        QuarkusTransaction.requiringNew().run(() -> {
            ItemSighting sighting = new ItemSighting();
            sighting.itemId = item;
            sighting.feedId = second;
            sighting.identityKey = "item-query-" + item;
            sighting.url = "https://item-query.example/" + item;
            sighting.matchReason = "canonical_url";
            sighting.persist();
        });

        given().queryParam("feedId", second).queryParam("since", at.toString()).queryParam("until", at.plusSeconds(1).toString())
                .get("/api/v1/items").then().statusCode(200).body("items.itemId", contains(item.toString()));
        given().contentType(ContentType.JSON)
                .body(Map.of("from", at.toString(), "to", at.plusSeconds(1).toString(), "feedId", second))
                .post("/api/v1/retag").then().statusCode(200).body("scanned", equalTo(1));
    }

    @Test
    void anInvalidListFilterIsABadParameterNamingTheField() {
        given().get("/api/v1/items?limit=0").then().statusCode(400).body("code", equalTo("invalid_parameter"));
        given().get("/api/v1/items?since=2001-01-02T00:00:00Z&until=2001-01-01T00:00:00Z").then().statusCode(400)
                .body("code", equalTo("invalid_parameter"));
        given().get("/api/v1/items?topic=geo:UA,geo:RU").then().statusCode(400).body("code", equalTo("invalid_parameter"));
    }

    private static long subscribe(String path) {
        return given().contentType(ContentType.JSON).body(Map.of("url", server.url(path), "tags", List.of()))
                .post("/api/v1/feeds").then().statusCode(201).extract().<Number>path("id").longValue();
    }

    private static UUID storeItem(long feedId, Instant firstSeenAt, List<Topic> topics) {
        UUID id = UUID.randomUUID();
        QuarkusTransaction.requiringNew().run(() -> {
            Item item = new Item();
            item.id = id;
            item.storyId = id;
            item.feedId = feedId;
            item.url = "https://item-query.example/" + id;
            item.title = "An item of the item query test";
            item.firstSeenAt = firstSeenAt.truncatedTo(ChronoUnit.MICROS);
            item.topics = topics;
            item.contentHash = "item-query-" + id;
            item.persist();
        });
        return id;
    }
}
