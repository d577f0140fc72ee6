package org.newsingest.pipeline;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.newsingest.testing.RssFeeds.rss;
import static org.newsingest.testing.RssFeeds.rssItem;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.newsingest.testing.FeedServer;
import org.newsingest.testing.PipelineTest;
import org.newsingest.testing.RealEngines;
import org.newsingest.testing.TopicReader;

/** Issue 20 on the running service: filters and autodiscovery, asserted on Kafka records and rows. */
@QuarkusTest
@TestProfile(RealEngines.class)
class SourcesPipelineTest extends PipelineTest {

    @Inject
    EntityManager entityManager;

    @Test
    void aBlockFilterDropsSponsoredEntriesRecordsThemAndPublishesTheRest() {
        server.serve("/sources/filtered", rss("Filtered",
                rssItem("f-1", "https://filtered.example/a/1", "Parliament passes the budget", "Vote.", null),
                rssItem("f-2", "https://filtered.example/a/2", "Sponsored: the best VPN deals", "Advert.", null),
                rssItem("f-3", "https://filtered.example/a/3", "Storm closes the port", "Weather.", null)));
        try (TopicReader reader = reader()) {
            int feed = given().contentType(ContentType.JSON)
                    .body(Map.of("url", server.url("/sources/filtered"), "filters", Map.of("block", List.of("^Sponsored:"))))
                    .post("/api/v1/feeds")
                    .then().statusCode(201)
                    .body("filters.block[0]", equalTo("^Sponsored:"))
                    .extract().path("id");

            List<ConsumerRecord<String, byte[]>> events = awaitEventsOf(reader, feed, 2);
            assertThat(events).extracting(r -> body(r).get("title").asText())
                    .containsExactlyInAnyOrder("Parliament passes the budget", "Storm closes the port");
            assertThat(reader.drain(Duration.ofSeconds(3)).stream().filter(r -> body(r).get("feed").get("id").asInt() == feed)).hasSize(2);
            given().get("/api/v1/feeds/{id}", feed).then().body("filteredCount", equalTo(1));
            assertThat(scalar("SELECT rule FROM item_filtered WHERE feed_id = " + feed)).isEqualTo("block: ^Sponsored:");
            assertThat(scalar("SELECT count(*) FROM item WHERE feed_id = " + feed)).isEqualTo(2L);
        }
    }

    @Test
    void anInvalidFilterIsA400WithThePositionOfTheError() {
        given().contentType(ContentType.JSON)
                .body(Map.of("url", server.url("/sources/never"), "filters", Map.of("keep", List.of("ok", "news(live"))))
                .post("/api/v1/feeds")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("code", equalTo("invalid_filter"))
                .body("detail", equalTo("filters.keep[1] is not a valid RE2 pattern: missing closing ) at position 9"));
    }

    @Test
    void aPatchSetsFiltersAndAnInvalidOneLeavesThemAlone() {
        server.serve("/sources/patched", rss("Patched", rssItem("p-1", "https://patched.example/1", "One", "x", null)));
        int feed = subscribe("/sources/patched", List.of());
        given().contentType(ContentType.JSON).body(Map.of("filters", Map.of("keep", List.of("(?i)ukraine"))))
                .patch("/api/v1/feeds/{id}", feed).then().statusCode(200).body("filters.keep[0]", equalTo("(?i)ukraine"));
        given().contentType(ContentType.JSON).body(Map.of("filters", Map.of("block", List.of("a**"))))
                .patch("/api/v1/feeds/{id}", feed).then().statusCode(400).body("detail", containsString("position 1"));
        given().get("/api/v1/feeds/{id}", feed).then().body("filters.keep[0]", equalTo("(?i)ukraine")).body("filters.block.size()", equalTo(0));
    }

    @Test
    void aHomePageSubscribesTheFeedItAdvertisesAndSaysWhichAndWhatElseItSaw() {
        server.serve("/site/", "text/html; charset=utf-8", """
                <!doctype html><html><head><title>Outlet</title>
                <link rel="alternate" type="application/rss+xml" title="Comments" href="comments.xml">
                <link rel="alternate" type="application/rss+xml" title="News" href="news.xml">
                </head><body>Home</body></html>""".getBytes(StandardCharsets.UTF_8));
        server.serve("/site/news.xml", rss("Outlet news", rssItem("home-1", "https://outlet.example/a/1", "Advertised feed item", "Text.", null)));
        server.serve("/site/comments.xml", rss("Comments", rssItem("c-1", "https://outlet.example/c/1", "A comment", "Text.", null)));
        try (TopicReader reader = reader()) {
            int feed = given().contentType(ContentType.JSON).body(Map.of("url", server.url("/site/")))
                    .post("/api/v1/feeds")
                    .then().statusCode(201)
                    .body("url", equalTo(server.url("/site/news.xml")))
                    .body("discovery.page", equalTo(server.url("/site/")))
                    .body("discovery.chosen", equalTo(server.url("/site/news.xml")))
                    .body("discovery.how", equalTo("advertised"))
                    .body("discovery.seen.url", org.hamcrest.Matchers.contains(server.url("/site/news.xml"), server.url("/site/comments.xml")))
                    .extract().path("id");

            assertThat(body(awaitEventsOf(reader, feed, 1).get(0)).get("title").asText()).isEqualTo("Advertised feed item");
        }
        given().get("/api/v1/feeds").then().body("find { it.url == '" + server.url("/site/") + "' }", org.hamcrest.Matchers.nullValue());
    }

    @Test
    void aHomePageBringsTheGoogleNewsSitemapItsRobotsTxtListsAndSkipsAPlainOne() {
        // An origin of its own: robots.txt and what it lists are remembered per origin for an hour.
        try (FeedServer outlet = FeedServer.start()) {
            homePageOnItsOwnOrigin(outlet);
        }
    }

    private void homePageOnItsOwnOrigin(FeedServer server) {
        server.serve("/outlet/", "text/html", ("<html><head><link rel=\"alternate\" type=\"application/rss+xml\" href=\"/outlet/rss.xml\">"
                + "</head><body>Outlet</body></html>").getBytes(StandardCharsets.UTF_8));
        server.serve("/outlet/rss.xml", rss("Outlet", rssItem("o-1", "https://outlet.example/o/1", "Outlet item", "Text.", null)));
        server.serve("/robots.txt", "text/plain", ("User-agent: *\nDisallow: /private/\n"
                + "Sitemap: " + server.url("/outlet/news-plain.xml") + "\nSitemap: " + server.url("/outlet/gn.xml") + "\n").getBytes(StandardCharsets.UTF_8));
        server.serve("/outlet/news-plain.xml", "application/xml", """
                <?xml version="1.0" encoding="UTF-8"?>
                <urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
                  <url><loc>https://outlet.example/a/plain-page</loc><lastmod>2026-12-01T10:00:00Z</lastmod></url>
                </urlset>""".getBytes(StandardCharsets.UTF_8));
        server.serve("/outlet/gn.xml", "application/xml", """
                <?xml version="1.0" encoding="UTF-8"?>
                <urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
                  <url><loc>https://outlet.example/a/news-page</loc>
                    <news:news><news:publication><news:name>Outlet</news:name><news:language>en</news:language></news:publication>
                    <news:publication_date>2026-12-01T10:00:00Z</news:publication_date><news:title>A news page</news:title></news:news></url>
                </urlset>""".getBytes(StandardCharsets.UTF_8));

        given().contentType(ContentType.JSON).body(Map.of("url", server.url("/outlet/")))
                .post("/api/v1/feeds")
                .then().statusCode(201)
                .body("url", equalTo(server.url("/outlet/rss.xml")))
                .body("sitemapUrl", equalTo(server.url("/outlet/gn.xml")))
                .body("discovery.newsSitemap", equalTo(server.url("/outlet/gn.xml")));
        assertThat(server.hits("/robots.txt")).isEqualTo(1);
        assertThat(server.hits("/outlet/news-plain.xml")).as("named news, so tried first, and refused as a plain sitemap").isEqualTo(1);
    }

    @Test
    void aPageWithoutAlternatesFallsBackToAWellKnownPathAndThePreviewExplains() {
        server.serve("/plain/", "text/html", "<html><head><title>No links</title></head><body>x</body></html>".getBytes(StandardCharsets.UTF_8));
        server.serve("/rss.xml", rss("Root feed", rssItem("wk-1", "https://plain.example/1", "Found at a well-known path", "Text.", null)));

        given().contentType(ContentType.JSON).body(Map.of("url", server.url("/plain/")))
                .post("/api/v1/preview")
                .then().statusCode(200)
                .body("discovery.how", equalTo("well-known path"))
                .body("discovery.chosen", equalTo(server.url("/rss.xml")))
                .body("items[0].title", equalTo("Found at a well-known path"));
        // Tried in order, politely: /feed and /rss (404 here), then /rss.xml, and nothing after it.
        assertThat(server.hits("/feed")).isEqualTo(1);
        assertThat(server.hits("/atom.xml")).isZero();
    }

    @Test
    void aPageThatLeadsToNoFeedIsRefusedInsteadOfFailingEveryPoll() {
        server.serve("/nofeed/", "text/html", ("<html><head><link rel=\"alternate\" type=\"application/rss+xml\" href=\"/nofeed/gone.xml\">"
                + "</head><body>Just a page</body></html>").getBytes(StandardCharsets.UTF_8));
        int before = ((Number) scalar("SELECT count(*) FROM feed")).intValue();

        given().contentType(ContentType.JSON).body(Map.of("url", server.url("/nofeed/")))
                .post("/api/v1/feeds")
                .then().statusCode(422).body("code", equalTo("not_a_feed")).body("detail", containsString("none of the 1 feeds it advertises could be read"));
        assertThat(((Number) scalar("SELECT count(*) FROM feed")).intValue()).isEqualTo(before);
    }

    private Object scalar(String sql) {
        return await().atMost(ARRIVAL).until(() -> io.quarkus.narayana.jta.QuarkusTransaction.requiringNew()
                .call(() -> entityManager.createNativeQuery(sql).getResultList().stream().findFirst().orElse(null)), v -> v != null);
    }
}
