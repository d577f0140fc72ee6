package org.newsingest.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.newsingest.testing.RealEngines;

/** The feed calls of the REST API, and their errors as problem documents. */
@QuarkusTest
@TestProfile(RealEngines.class)
class FeedApiTest {

    @Test
    void subscribingTwiceUnderAnotherSpellingIsAConflict() {
        int id = given().contentType(ContentType.JSON)
                .body(Map.of("url", "http://127.0.0.1:9/news/feed.xml?utm_source=x", "title", "Loopback news", "tags", new String[] {"Europe"}))
                .post("/api/v1/feeds")
                .then().statusCode(201)
                .header("Location", containsString("/api/v1/feeds/"))
                .body("state", equalTo("active"))
                .body("tags", hasItem("Europe"))
                .extract().path("id");

        given().contentType(ContentType.JSON)
                .body(Map.of("url", "HTTP://127.0.0.1:9/news/feed.xml#top"))
                .post("/api/v1/feeds")
                .then().statusCode(409)
                .contentType(Problem.MEDIA_TYPE)
                .body("code", equalTo("already_subscribed"))
                .body("detail", containsString("feed " + id));
    }

    @Test
    void unsupportedSchemesAndMalformedUrlsAreUnprocessable() {
        given().contentType(ContentType.JSON).body(Map.of("url", "file:///etc/passwd"))
                .post("/api/v1/feeds")
                .then().statusCode(422).contentType(Problem.MEDIA_TYPE).body("code", equalTo("unsupported_scheme"));
        given().contentType(ContentType.JSON).body(Map.of("url", "http://exa mple.com/feed"))
                .post("/api/v1/feeds")
                .then().statusCode(422).body("code", equalTo("invalid_url"));
        given().contentType(ContentType.JSON).body(Map.of("url", "/relative/feed"))
                .post("/api/v1/feeds")
                .then().statusCode(422).body("code", equalTo("invalid_url"));
    }

    @Test
    void invalidBodiesAreProblemsNotServerErrors() {
        given().contentType(ContentType.JSON).body("{\"url\": ")
                .post("/api/v1/feeds")
                .then().statusCode(400).contentType(Problem.MEDIA_TYPE).body("code", equalTo("malformed_request"));
        given().contentType(ContentType.JSON).body(Map.of("title", "no url"))
                .post("/api/v1/feeds")
                .then().statusCode(422).body("code", equalTo("invalid_request")).body("detail", containsString("url"));
        given().contentType(ContentType.JSON).body(Map.of("url", "http://127.0.0.1:9/x", "pollInterval", "every hour"))
                .post("/api/v1/feeds")
                .then().statusCode(400).body("code", equalTo("malformed_request"));
        given().contentType(ContentType.JSON).body(Map.of("url", "http://127.0.0.1:9/too-often", "pollInterval", "PT5S"))
                .post("/api/v1/feeds")
                .then().statusCode(422).body("code", equalTo("invalid_poll_interval"));
    }

    @Test
    void pausingUnsubscribingAndUnknownFeeds() {
        int id = given().contentType(ContentType.JSON).body(Map.of("url", "http://127.0.0.1:9/pause-me"))
                .post("/api/v1/feeds").then().statusCode(201).extract().path("id");

        given().contentType(ContentType.JSON).body(Map.of("enabled", false, "pollInterval", "PT30M"))
                .patch("/api/v1/feeds/{id}", id)
                .then().statusCode(200).body("state", equalTo("paused")).body("pollInterval", equalTo("PT30M"));
        given().post("/api/v1/feeds/{id}/poll", id).then().statusCode(409).body("code", equalTo("feed_paused"));

        given().delete("/api/v1/feeds/{id}", id).then().statusCode(204);
        given().get("/api/v1/feeds/{id}", id).then().statusCode(404).contentType(Problem.MEDIA_TYPE).body("code", equalTo("not_found"));
        given().get("/api/v1/feeds").then().statusCode(200).body("id", not(hasItem(id)));
        given().delete("/api/v1/feeds/{id}", 987654).then().statusCode(404);
        given().get("/api/v1/items/{id}", "not-a-uuid").then().statusCode(404);
        given().get("/api/v1/items?limit=0").then().statusCode(400).body("code", equalTo("invalid_parameter"));
        given().get("/api/v1/items?cursor=bogus").then().statusCode(400).body("detail", containsString("cursor"));
    }

    @Test
    void opmlRoundTrip() {
        String opml = """
                <?xml version="1.0"?>
                <opml version="2.0"><head><title>mine</title></head><body>
                  <outline text="Ukraine">
                    <outline type="rss" text="Kyiv loopback" xmlUrl="http://127.0.0.1:9/opml/kyiv.xml"/>
                  </outline>
                  <outline type="rss" text="Bad" xmlUrl="gopher://127.0.0.1/feed"/>
                </body></opml>
                """;
        given().contentType("text/x-opml").body(opml)
                .post("/api/v1/opml")
                .then().statusCode(200)
                .body("created.size()", equalTo(1))
                .body("rejected[0].code", equalTo("unsupported_scheme"));
        given().get("/api/v1/opml").then().statusCode(200)
                .body(containsString("xmlUrl=\"http://127.0.0.1:9/opml/kyiv.xml\""))
                .body(containsString("category=\"Ukraine\""));
        given().contentType("text/x-opml").body("<html>nope</html>")
                .post("/api/v1/opml").then().statusCode(422).body("code", equalTo("invalid_feed_list"));
    }

    @Test
    void operatorsFilterByStateHostAndTagAndPageWithACursor() {
        String tag = "paging-" + System.nanoTime();
        int first = subscribeTagged("http://127.0.0.1:9/paging/a.xml", tag);
        int second = subscribeTagged("http://127.0.0.1:9/paging/b.xml", tag);
        int third = subscribeTagged("http://localhost:9/paging/c.xml", tag);
        // Pausing races the feed's first poll; the poll's recording must not write the old state back.
        given().contentType(ContentType.JSON).body(Map.of("enabled", false)).patch("/api/v1/feeds/{id}", second)
                .then().statusCode(200).body("state", equalTo("paused"));
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5))
                .until(() -> "paused".equals(given().get("/api/v1/feeds/{id}", second).path("state")));

        // Unpaged, as before paging existed: a plain array, no Link header.
        given().queryParam("tag", tag).get("/api/v1/feeds").then().statusCode(200)
                .header("Link", nullValue())
                .body("id", contains(first, second, third))
                .body("[0].itemsLast24h", equalTo(0)).body("[0].lastNewItemAt", nullValue()).body("[0].consecutiveFailures", notNullValue());

        Response page = given().queryParam("tag", tag).queryParam("limit", 2).get("/api/v1/feeds");
        page.then().statusCode(200).body("id", contains(first, second)).header("Link", containsString("rel=\"next\""));
        String next = page.getHeader("Link").replaceAll("^<([^>]+)>.*$", "$1");
        given().urlEncodingEnabled(false).get(next).then().statusCode(200).body("id", contains(third)).header("Link", nullValue());

        given().queryParam("tag", tag).queryParam("host", "LOCALHOST").get("/api/v1/feeds").then().body("id", contains(third));
        given().queryParam("tag", tag).queryParam("state", "paused").get("/api/v1/feeds").then().body("id", contains(second));
        given().queryParam("state", "sleeping").get("/api/v1/feeds").then().statusCode(400).body("code", equalTo("invalid_parameter"));
        given().queryParam("cursor", "not-ours").get("/api/v1/feeds").then().statusCode(400).body("code", equalTo("invalid_parameter"));
        given().queryParam("limit", 0).get("/api/v1/feeds").then().statusCode(400);
    }

    @Test
    void theOpenApiDocumentIsTypedAndDeclaresTheBearerSchemeOnWrites() {
        JsonPath openApi = given().queryParam("format", "json").get("/q/openapi").then().statusCode(200).extract().jsonPath();
        assertThat(openApi.getString("components.securitySchemes.bearer.scheme")).isEqualTo("bearer");
        assertThat(openApi.getString("components.securitySchemes.bearer.bearerFormat")).isEqualTo("INGEST_API_KEY");
        assertThat(openApi.getString("components.securitySchemes.bearer.type")).isEqualTo("http");
        Map<String, Object> paths = openApi.getMap("paths");
        assertThat(openApi.getList("paths.'/api/v1/feeds'.post.security.bearer")).isNotNull();
        assertThat(openApi.getList("paths.'/api/v1/replay'.post.security")).isNotEmpty();
        assertThat(openApi.getList("paths.'/api/v1/feeds'.get.security")).isNull();
        assertThat(openApi.getString("paths.'/api/v1/feeds/{id}'.get.responses.'200'.content.'application/json'.schema.$ref"))
                .endsWith("/Feed");
        assertThat(openApi.getString("paths.'/api/v1/feeds'.get.responses.'200'.content.'application/json'.schema.items.$ref"))
                .endsWith("/Feed");
        assertThat(paths).containsKey("/api/v1/asyncapi");
    }

    private static int subscribeTagged(String url, String tag) {
        return given().contentType(ContentType.JSON).body(Map.of("url", url, "tags", List.of(tag)))
                .post("/api/v1/feeds").then().statusCode(201).extract().path("id");
    }
}
