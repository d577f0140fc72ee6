package org.newsingest.pipeline;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.newsingest.testing.PipelineTest;
import org.newsingest.testing.RealEngines;
import org.newsingest.testing.RssFeeds;
import org.newsingest.testing.TopicReader;

/** An entry whose text changes becomes a new revision of the same item, published as news.item.updated. */
@QuarkusTest
@TestProfile(RealEngines.class)
class RevisionTest extends PipelineTest {

    @Test
    void aCorrectedHeadlineIsAnUpdateOfTheSameItem() {
        server.serve("/revisions", feed("Kremlin Denies Plans For Mobilization", "urn:rferl:revision-test"));
        try (TopicReader reader = reader()) {
            int feedId = subscribe("/revisions", List.of());
            ConsumerRecord<String, byte[]> created = awaitEventsOf(reader, feedId, 1).get(0);

            server.serve("/revisions", feed("Kremlin Denies Plans For New Mobilization", "urn:rferl:revision-test"));
            given().post("/api/v1/feeds/{id}/poll", feedId).then().statusCode(202);
            List<ConsumerRecord<String, byte[]>> events = awaitEventsOf(reader, feedId, 2);

            ConsumerRecord<String, byte[]> updated = events.get(1);
            assertThat(updated.key()).isEqualTo(created.key());
            assertThat(header(updated, "ce_type")).isEqualTo("news.item.updated");
            assertThat(header(updated, "ce_id")).isNotEqualTo(header(created, "ce_id"));
            JsonNode body = body(updated);
            assertThat(body.get("revision").asInt()).isEqualTo(2);
            assertThat(body.get("title").asText()).isEqualTo("Kremlin Denies Plans For New Mobilization");
            assertThat(body.get("changedFields")).extracting(JsonNode::asText).containsExactly("title");
            assertThat(updated.partition()).isEqualTo(created.partition());
            assertThat(updated.offset()).isGreaterThan(created.offset());
        }
    }

    private static String feed(String title, String guid) {
        return RssFeeds.channel("Revisions").link("https://www.rferl.org/").items(List.of(RssFeeds.rssItem(guid,
                "https://www.rferl.org/a/revision-test/33499999.html", title, "The Kremlin said on Monday...", null))).xml();
    }
}
