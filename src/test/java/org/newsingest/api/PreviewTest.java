package org.newsingest.api;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.newsingest.testing.PipelineTest;
import org.newsingest.testing.RealEngines;
import org.newsingest.testing.RssFeeds;

/** Preview shows what a poll would store and publish, and stores nothing. */
@QuarkusTest
@TestProfile(RealEngines.class)
class PreviewTest extends PipelineTest {


    @Test
    void previewDecidesLikeAPollAndStoresNothing() {
        server.serve("/preview/feed", rss("Grain Corridor Ships Record Tonnage", "Moldova Prepares For Winter", "Kremlin Denies Mobilization"));
        String url = server.url("/preview/feed");

        preview(url).then().statusCode(200)
                .body("subscribed", equalTo(false))
                .body("itemCount", equalTo(3))
                .body("items.decision.outcome", everyItem(equalTo("new")))
                .body("items.eventType", everyItem(equalTo("news.item.created")))
                .body("items[0].event.title", equalTo("Grain Corridor Ships Record Tonnage"))
                .body("items[0].canonicalUrl", equalTo("https://www.rferl.org/a/preview-0/33600000.html"))
                .body("items[0].identityKey", equalTo(preview(url).then().extract().path("items[0].identityKey")));
        given().get("/api/v1/feeds").then().body("url", not(hasItem(url)));
        given().get("/api/v1/items?q=Grain Corridor Ships").then().body("items.size()", equalTo(0));

        int feedId = given().contentType(ContentType.JSON).body(Map.of("url", url, "tags", List.of("Moldova")))
                .post("/api/v1/feeds").then().statusCode(201).extract().path("id");
        await().atMost(Duration.ofSeconds(60)).until(() -> given().get("/api/v1/feeds/{id}", feedId).then().extract().<Integer>path("itemCount") == 3);

        server.serve("/preview/feed", rss("Grain Corridor Ships Record Tonnage Again", "Moldova Prepares For Winter", "Kremlin Denies Mobilization"));
        preview(url).then().statusCode(200)
                .body("subscribed", equalTo(true))
                .body("feedId", equalTo(feedId))
                .body("items.decision.outcome", contains("revision", "unchanged", "unchanged"))
                .body("items[0].decision.changedFields", contains("title"))
                .body("items[0].event.revision", equalTo(2))
                .body("items[0].topics.id", contains("geo:MD"))
                .body("items[0].topics.source", contains("feed"));
        given().get("/api/v1/items?feedId={id}&q=Again", feedId).then().body("items.size()", equalTo(0));
    }

    @Test
    void previewFailuresCarryThePollErrorCodes() {
        preview(server.url("/preview/missing")).then().statusCode(422).contentType(Problem.MEDIA_TYPE).body("code", equalTo("http_4xx"));
        server.serve("/preview/html", "text/html", "<html><body>Not a feed</body></html>".getBytes());
        preview(server.url("/preview/html")).then().statusCode(422).body("code", equalTo("not_a_feed"));
        preview("ftp://127.0.0.1/feed").then().statusCode(422).body("code", equalTo("invalid_url"));
    }

    private static Response preview(String url) {
        return given().contentType(ContentType.JSON).body(Map.of("url", url)).post("/api/v1/preview");
    }

    private static String rss(String... titles) {
        List<String> items = new ArrayList<>();
        for (int i = 0; i < titles.length; i++) {
            items.add(RssFeeds.rssItem(null, "https://www.rferl.org/a/preview-" + i + "/3360000" + i + ".html", titles[i], "Story " + i, null));
        }
        return RssFeeds.channel("Preview").link("https://www.rferl.org/").items(items).xml();
    }
}
