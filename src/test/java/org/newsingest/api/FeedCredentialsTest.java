package org.newsingest.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.newsingest.fetch.MisbehavingServer;
import org.newsingest.testing.RealEngines;
import org.newsingest.testing.TopicReader;

/**
 * Issue 16 finding 7: a feed subscribed as {@code http://reader:<password>@host/feed?token=<token>}
 * must not publish or show either secret. User info is refused at subscribe (per-feed headers carry
 * credentials); a token in the query is still sent to the publisher but redacted everywhere else.
 */
@QuarkusTest
@TestProfile(RealEngines.class)
class FeedCredentialsTest {

    private static final String PASSWORD = "pw-8f3e1c";
    private static final String TOKEN = "tok-51d9a7";

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @ConfigProperty(name = "ingest.kafka-topic")
    String topic;

    @Test
    void userInfoInAFeedUrlIsRefusedAtSubscribeAndInAnImportedList() throws Exception {
        try (MisbehavingServer server = MisbehavingServer.start(MisbehavingServer.ok(MisbehavingServer.rss(1)))) {
            String withUserInfo = "http://reader:" + PASSWORD + "@127.0.0.1:" + server.port() + "/creds/user-info";
            given().contentType(ContentType.JSON).body(Map.of("url", withUserInfo))
                    .post("/api/v1/feeds").then().statusCode(422)
                    .body("code", equalTo("credentials_in_url"))
                    .body("detail", containsString("headers"))
                    .body(org.hamcrest.Matchers.not(containsString(PASSWORD)));

            String opml = "<opml version=\"2.0\"><head/><body><outline type=\"rss\" xmlUrl=\"" + withUserInfo + "\"/></body></opml>";
            String report = given().contentType("text/x-opml").body(opml.getBytes(StandardCharsets.UTF_8))
                    .post("/api/v1/opml").then().statusCode(200)
                    .body("rejected[0].code", equalTo("credentials_in_url"))
                    .extract().asString();
            assertThat(report).doesNotContain(PASSWORD);
            assertThat(server.connections()).isZero();
        }
    }

    @Test
    void aTokenInTheQueryIsSentToThePublisherButNeverPublishedOrShown() throws Exception {
        String rss = MisbehavingServer.rss(1).replace("https://feeds.test/", "https://credentials.example/");
        try (MisbehavingServer server = MisbehavingServer.start(MisbehavingServer.ok(rss));
             TopicReader reader = new TopicReader(bootstrapServers, topic, "http://127.0.0.1:" + server.port() + "/")) {
            String url = "http://127.0.0.1:" + server.port() + "/creds/feed?token=" + TOKEN + "&edition=eu";
            int feedId = given().contentType(ContentType.JSON).body(Map.of("url", url))
                    .post("/api/v1/feeds").then().statusCode(201).extract().path("id");

            List<ConsumerRecord<String, byte[]>> events = new ArrayList<>();
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                events.addAll(reader.drain(Duration.ofMillis(500)));
                return !events.isEmpty();
            });
            assertThat(server.requests().get(0).path()).isEqualTo("/creds/feed?token=" + TOKEN + "&edition=eu");
            ConsumerRecord<String, byte[]> event = events.get(0);
            String source = new String(event.headers().lastHeader("ce_source").value(), StandardCharsets.UTF_8);
            assertThat(source).isEqualTo("http://127.0.0.1:" + server.port() + "/creds/feed?token=***&edition=eu");
            assertThat(new String(event.value(), StandardCharsets.UTF_8)).doesNotContain(TOKEN).contains("token=***");

            assertThat(given().get("/api/v1/feeds").then().statusCode(200).extract().asString()).doesNotContain(TOKEN);
            assertThat(given().get("/api/v1/feeds/{id}", feedId).then().statusCode(200).extract().asString()).doesNotContain(TOKEN);
            assertThat(given().get("/api/v1/opml").then().statusCode(200).extract().asString()).doesNotContain(TOKEN);
            assertThat(given().get("/api/v1/feeds/{id}/fetches", feedId).then().statusCode(200).extract().asString())
                    .contains("token=***").doesNotContain(TOKEN);
            assertThat(given().get("/api/v1/items?feedId={id}", feedId).then().statusCode(200).extract().asString())
                    .doesNotContain(TOKEN);
        }
    }
}
