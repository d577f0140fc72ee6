package org.newsingest.push;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.newsingest.testing.EmbeddedKafka;
import org.newsingest.testing.EventChecks;
import org.newsingest.testing.FakeHub;
import org.newsingest.testing.PipelineTest;
import org.newsingest.testing.RealEngines;
import org.newsingest.testing.RssFeeds;
import org.newsingest.testing.TopicReader;

/**
 * WebSub on the running service with real engines: a local hub that receives the subscription
 * requests and calls the callback back, pushes signed as a hub signs them, and the events read
 * from Kafka. Every feed here is polled hourly, so an event within the test's time came by push.
 */
@QuarkusTest
@TestProfile(WebSubPushTest.Profile.class)
class WebSubPushTest extends PipelineTest {

    static final int PORT = EmbeddedKafka.freePort();
    private static final String RSS = "application/rss+xml; charset=utf-8";

    public static class Profile extends RealEngines {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "quarkus.http.test-port", String.valueOf(PORT),
                    "ingest.websub.public-url", "http://127.0.0.1:" + PORT,
                    "ingest.websub.tick", "500ms",
                    "ingest.websub.verify-timeout", "PT2S",
                    "ingest.websub.max-push-bytes", "65536");
        }
    }

    /** A feed whose subscription the hub has verified. */
    private record Pushed(int feedId, String topic, FakeHub.Request request) {}

    @Test
    void aSignedPushIsOneCreatedEventAndTheSamePushAgainPublishesNothing() {
        try (FakeHub hub = FakeHub.start(); TopicReader reader = readerOf("/push/fresh")) {
            Pushed feed = verifiedFeed(hub, "/push/fresh", item("fresh-1"));
            assertThat(reader.awaitTotal(1, ARRIVAL)).hasSize(1);
            assertThat(feed.request().topic()).isEqualTo(server.url("/push/fresh"));
            assertThat(feed.request().callback()).startsWith("http://127.0.0.1:" + PORT + "/websub/callback/");
            assertThat(feed.request().secret()).hasSizeGreaterThanOrEqualTo(40);
            assertThat(feed.request().leaseSeconds()).isEqualTo(String.valueOf(Duration.ofDays(10).toSeconds()));

            byte[] pushed = rss(server.url("/push/fresh"), hub.url(), item("fresh-1"), item("fresh-2")).getBytes(StandardCharsets.UTF_8);
            assertThat(hub.push(feed.request().callback(), feed.request().secret(), "sha256", pushed, RSS).statusCode()).isEqualTo(204);
            List<ConsumerRecord<String, byte[]>> events = reader.awaitTotal(2, ARRIVAL);
            assertThat(events).hasSize(2);
            EventChecks.assertValid(events.get(1));
            assertThat(header(events.get(1), "ce_type")).isEqualTo("news.item.created");
            assertThat(body(events.get(1)).get("title").asText()).isEqualTo("Story fresh-2");

            // A hub may deliver the same content twice: the second time is a sighting, no event.
            assertThat(hub.push(feed.request().callback(), feed.request().secret(), "sha512", pushed, RSS).statusCode()).isEqualTo(204);
            assertThat(reader.drain(Duration.ofSeconds(5))).hasSize(2);
            assertThat(view(feed.feedId()).getString("push.lastPushAt")).isNotNull();
            assertThat(fetchOutcomes(feed.feedId())).contains("pushed");

            // While the subscription is live, a poll schedules the next one at the fallback interval (PT6H), not the hour.
            Instant before = Instant.now();
            given().post("/api/v1/feeds/{id}/poll", feed.feedId()).then().statusCode(202);
            await().atMost(ARRIVAL).until(() -> nextPollAt(feed.feedId()).isAfter(before.plus(Duration.ofHours(5))));
        }
    }

    @Test
    void badMissingOrForeignSignaturesAreAcknowledgedAndPublishNothing() {
        try (FakeHub hub = FakeHub.start(); TopicReader reader = readerOf("/push/forged")) {
            Pushed feed = verifiedFeed(hub, "/push/forged", item("forged-1"));
            assertThat(reader.awaitTotal(1, ARRIVAL)).hasSize(1);
            byte[] pushed = rss(feed.topic(), hub.url(), item("forged-2")).getBytes(StandardCharsets.UTF_8);
            String callback = feed.request().callback();

            assertThat(hub.push(callback, "not the secret", "sha256", pushed, RSS).statusCode()).isEqualTo(202);
            assertThat(hub.push(callback, null, pushed, RSS).statusCode()).isEqualTo(202);
            assertThat(hub.push(callback, "md5=0123456789abcdef", pushed, RSS).statusCode()).isEqualTo(202);
            assertThat(hub.push(callback, "sha1=" + "00".repeat(20), pushed, RSS).statusCode()).isEqualTo(202);
            assertThat(reader.drain(Duration.ofSeconds(5))).hasSize(1);
            assertThat(lastError(feed)).contains("bad_signature");
        }
    }

    @Test
    void aPushLargerThanTheLimitIsRefusedAndStoresNothing() {
        try (FakeHub hub = FakeHub.start(); TopicReader reader = readerOf("/push/large")) {
            Pushed feed = verifiedFeed(hub, "/push/large", item("large-1"));
            assertThat(reader.awaitTotal(1, ARRIVAL)).hasSize(1);
            String padding = "<!-- " + "x".repeat(70_000) + " -->";
            byte[] pushed = (rss(feed.topic(), hub.url(), item("large-2")) + padding).getBytes(StandardCharsets.UTF_8);
            HttpResponse<String> answer = hub.push(feed.request().callback(), feed.request().secret(), "sha256", pushed, RSS);
            assertThat(answer.statusCode()).isEqualTo(413);
            assertThat(reader.drain(Duration.ofSeconds(4))).hasSize(1);
        }
    }

    @Test
    void theCallbackRefusesUnknownIdsForeignTopicsAndModesItNeverAskedFor() {
        try (FakeHub hub = FakeHub.start()) {
            Pushed feed = verifiedFeed(hub, "/push/strict", item("strict-1"));
            String callback = feed.request().callback();
            String unknown = "http://127.0.0.1:" + PORT + "/websub/callback/AAAAAAAAAAAAAAAAAAAAAA";
            assertThat(hub.verify(unknown, "subscribe", feed.topic(), 3600).status()).isEqualTo(404);
            assertThat(hub.verify(callback, "subscribe", server.url("/push/other-topic"), 3600).status()).isEqualTo(404);
            assertThat(hub.verify(callback, "unsubscribe", feed.topic(), null).status()).isEqualTo(404);
            byte[] body = rss(feed.topic(), hub.url(), item("strict-2")).getBytes(StandardCharsets.UTF_8);
            assertThat(hub.push(unknown, "anything", "sha256", body, RSS).statusCode()).isEqualTo(404);
            FakeHub.Verification valid = hub.verify(callback, "subscribe", feed.topic(), 3600);
            assertThat(valid.status()).isEqualTo(200);
            assertThat(valid.body()).isEqualTo(valid.challenge());
        }
    }

    @Test
    void aHubThatNeverVerifiesIsAskedAgainAndTheFeedKeepsItsNormalPolling() {
        try (FakeHub hub = FakeHub.start().silent()) {
            int feedId = subscribeHourly("/push/silent", hub, item("silent-1"));
            // verify-timeout is PT2S here: without a verification the request is sent again.
            await().atMost(ARRIVAL).until(() -> hub.requests("subscribe").size() >= 2);
            assertThat(hub.requests("subscribe")).extracting(FakeHub.Request::callback).containsOnly(hub.requests().get(0).callback());
            await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10))
                    .until(() -> "requested".equals(view(feedId).getString("push.state")));
            Instant before = Instant.now();
            given().post("/api/v1/feeds/{id}/poll", feedId).then().statusCode(202);
            await().atMost(ARRIVAL).until(() -> nextPollAt(feedId).isAfter(before.plus(Duration.ofMinutes(50))));
            assertThat(nextPollAt(feedId)).isBefore(Instant.now().plus(Duration.ofHours(2)));
        }
    }

    @Test
    void aDenialIsRecordedAndTheFeedKeepsPolling() {
        try (FakeHub hub = FakeHub.start().silent()) {
            int feedId = subscribeHourly("/push/denied", hub, item("denied-1"));
            await().atMost(ARRIVAL).until(() -> !hub.requests("subscribe").isEmpty());
            FakeHub.Request request = hub.requests("subscribe").get(0);
            assertThat(hub.verify(request.callback(), "denied", request.topic(), null).status()).isEqualTo(200);
            JsonPath feed = view(feedId);
            assertThat(feed.getString("push.state")).isEqualTo("denied");
            assertThat(feed.getString("push.lastError")).isEqualTo("the hub denied the subscription: not on this hub");
            assertThat(feed.getString("state")).isEqualTo("active");
            Instant before = Instant.now();
            given().post("/api/v1/feeds/{id}/poll", feedId).then().statusCode(202);
            await().atMost(ARRIVAL).until(() -> nextPollAt(feedId).isAfter(before.plus(Duration.ofMinutes(50))));
            assertThat(nextPollAt(feedId)).isBefore(Instant.now().plus(Duration.ofHours(2)));
        }
    }

    @Test
    void theLeaseIsRenewedBeforeItEndsAndPausingTheFeedUnsubscribes() {
        try (FakeHub hub = FakeHub.start().grantLeaseSeconds(4)) {
            Pushed feed = verifiedFeed(hub, "/push/renewed", item("renewed-1"));
            // A 4 s lease is renewed at half its length (renew-before PT12H is more than half).
            await().atMost(ARRIVAL).until(() -> hub.requests("subscribe").size() >= 2);
            assertThat(hub.requests("subscribe")).extracting(FakeHub.Request::callback).containsOnly(feed.request().callback());
            await().atMost(ARRIVAL).until(() -> hub.verifications().stream().filter(v -> v.status() == 200).count() >= 2);

            given().contentType(ContentType.JSON).body(Map.of("enabled", false)).patch("/api/v1/feeds/{id}", feed.feedId()).then().statusCode(200);
            await().atMost(ARRIVAL).until(() -> !hub.requests("unsubscribe").isEmpty());
            FakeHub.Request unsubscribe = hub.requests("unsubscribe").get(0);
            assertThat(unsubscribe.callback()).isEqualTo(feed.request().callback());
            assertThat(unsubscribe.topic()).isEqualTo(feed.topic());
            await().atMost(ARRIVAL).until(() -> "unsubscribed".equals(view(feed.feedId()).getString("push.state")));
            assertThat(hub.verifications()).anyMatch(v -> v.mode().equals("unsubscribe") && v.status() == 200 && v.body().equals(v.challenge()));
            // The subscription ended: a push to its callback is answered 410 Gone.
            byte[] body = rss(feed.topic(), hub.url(), item("renewed-2")).getBytes(StandardCharsets.UTF_8);
            assertThat(hub.push(feed.request().callback(), feed.request().secret(), "sha256", body, RSS).statusCode()).isEqualTo(410);
        }
    }

    // --- helpers ------------------------------------------------------------------------

    private Pushed verifiedFeed(FakeHub hub, String path, String... items) {
        int feedId = subscribeHourly(path, hub, items);
        await().atMost(ARRIVAL).until(() -> !hub.requests("subscribe").isEmpty());
        await().atMost(ARRIVAL).until(() -> "verified".equals(view(feedId).getString("push.state")));
        assertThat(view(feedId).getString("push.hub")).isEqualTo(hub.url());
        assertThat(hub.verifications()).anyMatch(v -> v.status() == 200 && v.body().equals(v.challenge()));
        return new Pushed(feedId, server.url(path), hub.requests("subscribe").get(0));
    }

    private static int subscribeHourly(String path, FakeHub hub, String... items) {
        server.serve(path, rss(server.url(path), hub.url(), items));
        Map<String, Object> request = new HashMap<>(Map.of("url", server.url(path), "pollInterval", "PT1H"));
        return given().contentType(ContentType.JSON).body(request).post("/api/v1/feeds").then().statusCode(201).extract().path("id");
    }

    /** A consumer of the topic that sees only the events of the feed at {@code path}. */
    private TopicReader readerOf(String path) {
        return new TopicReader(bootstrapServers, topic, server.url(path));
    }

    private static JsonPath view(int feedId) {
        return given().get("/api/v1/feeds/{id}", feedId).then().statusCode(200).extract().jsonPath();
    }

    private static Instant nextPollAt(int feedId) {
        return Instant.parse(view(feedId).getString("nextPollAt"));
    }

    private static List<String> fetchOutcomes(int feedId) {
        return given().get("/api/v1/feeds/{id}/fetches", feedId).then().statusCode(200).extract().jsonPath().getList("outcome");
    }

    private static String lastError(Pushed feed) {
        return view(feed.feedId()).getString("push.lastError");
    }

    static String rss(String self, String hub, String... items) {
        return RssFeeds.channel("Pushed news").link("https://pushed.example/").hub(hub, self).items(List.of(items)).xml();
    }

    static String item(String id) {
        return "<item><guid isPermaLink=\"false\">urn:push:%s</guid><title>Story %s</title><link>https://pushed.example/%s</link>"
                .formatted(id, id, id)
                + "<description>What happened in %s, told in a few words of its own.</description></item>".formatted(id);
    }
}
