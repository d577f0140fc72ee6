package org.newsingest.pipeline;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.newsingest.testing.RssFeeds.rss;
import static org.newsingest.testing.RssFeeds.rssItem;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.newsingest.testing.PipelineTest;
import org.newsingest.testing.RealEngines;
import org.newsingest.testing.Stories;
import org.newsingest.testing.TopicReader;

/**
 * The same story republished by another outlet under its own URL, with a credit line added, is
 * stored as a duplicate in the stored item's story: no second created event.
 */
@QuarkusTest
@TestProfile(RealEngines.class)
class RepublicationTest extends PipelineTest {

    @Test
    void aCopyUnderAnotherUrlIsADuplicateInTheStoryNotANewStory() {
        server.serve("/original", rss("Original", item("https://www.rferl.org/a/drones-kyiv/33477001.html", "Drones Downed Over Kyiv Region", Stories.DRONES_OVER_KYIV)));
        server.serve("/aggregator", rss("Aggregator",
                item("https://radiofree.example/2026/11/drones-downed-over-kyiv", "Drones Downed Over Kyiv Region",
                        Stories.DRONES_OVER_KYIV + " This post was originally published on Radio Free. Copyright (c) 2026 RFE/RL, Inc."),
                item("https://radiofree.example/2026/11/lviv-housing", "Lviv To Turn Factories Into Housing", Stories.LVIV_HOUSING)));

        try (TopicReader reader = reader()) {
            int originalFeed = subscribe("/original", List.of());
            String originalItem = awaitEventsOf(reader, originalFeed, 1).get(0).key();

            int aggregatorFeed = subscribe("/aggregator", List.of());
            List<ConsumerRecord<String, byte[]>> aggregatorEvents = awaitEventsOf(reader, aggregatorFeed, 1);
            assertThat(reader.drain(Duration.ofSeconds(3)).stream().filter(r -> body(r).get("feed").get("id").asInt() == aggregatorFeed)).hasSize(1);
            assertThat(body(aggregatorEvents.get(0)).get("url").asText()).isEqualTo("https://radiofree.example/2026/11/lviv-housing");

            given().get("/api/v1/stories/{id}", originalItem).then().statusCode(200)
                    .body("firstItemId", equalTo(originalItem))
                    .body("items.size()", equalTo(2))
                    .body("items[1].duplicateOf", equalTo(originalItem))
                    .body("items[1].feedId", equalTo(aggregatorFeed))
                    .body("items[1].url", equalTo("https://radiofree.example/2026/11/drones-downed-over-kyiv"))
                    .body("items[1].sightings[0].matchReason", equalTo("content_similarity"))
                    .body("outlets.host", contains("www.rferl.org", "radiofree.example"));
        }
    }

    private static String item(String link, String title, String text) {
        return rssItem(null, link, title, text, null);
    }
}
