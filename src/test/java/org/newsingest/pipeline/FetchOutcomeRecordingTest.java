package org.newsingest.pipeline;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.net.URL;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.newsingest.fetch.MisbehavingServer;
import org.newsingest.testing.RealEngines;

/**
 * What the pipeline records for each kind of fetch outcome, on real PostgreSQL: error code, state,
 * failure count, persisted next poll time, no items stored, the fetch history and the metrics.
 * reliability-security.md §5 A1, A4, C12, C19, C21, C23, C24 and the suspicious-empty rule.
 */
@QuarkusTest
@TestProfile(RealEngines.class)
class FetchOutcomeRecordingTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Map<String, MisbehavingServer.Handler> routes = new ConcurrentHashMap<>();
    private static MisbehavingServer server;

    /** Metrics are served on the management interface (its URL includes the /q root path), not on the API port. */
    @TestHTTPResource(value = "/metrics", management = true)
    URL metricsUrl;

    @BeforeAll
    static void start() throws Exception {
        server = MisbehavingServer.start((request, socket, out) -> {
            String path = request.path();
            MisbehavingServer.Handler handler = routes.get(path.contains("?") ? path.substring(0, path.indexOf('?')) : path);
            if (handler == null) {
                MisbehavingServer.respond(out, 404, "", "");
            } else {
                handler.handle(request, socket, out);
            }
        });
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    // Case A1 of reliability-security.md §5.
    @Test
    void malformedXmlIsAParseErrorWithNothingStoredAndABackedOffNextPoll() {
        routes.put("/a1", MisbehavingServer.ok("<rss version=\"2.0\"><channel><item><title>cut"));
        Instant before = Instant.now();
        int id = subscribe("/a1");
        awaitFetches(id, 1);

        JsonPath feed = feed(id);
        assertThat(feed.getString("lastError")).isEqualTo("parse_error");
        assertThat(feed.getInt("consecutiveFailures")).isEqualTo(1);
        assertThat(feed.getLong("itemCount")).isZero();
        assertThat(feed.getString("state")).isEqualTo("active");
        // First failure: one default interval (15 min) plus at most 10 % jitter.
        assertThat(nextPoll(feed)).isBetween(before.plus(Duration.ofMinutes(15)), Instant.now().plus(Duration.ofMinutes(17)));
        JsonPath fetches = fetches(id);
        assertThat(fetches.getString("[0].outcome")).isEqualTo("failed");
        assertThat(fetches.getString("[0].errorCode")).isEqualTo("parse_error");
        assertThat(fetches.getInt("[0].httpStatus")).isEqualTo(200);
    }

    // Case A4 of reliability-security.md §5.
    @Test
    void anEmptyBodyIsRecordedAsEmptyBody() {
        routes.put("/a4", (request, socket, out) -> MisbehavingServer.respond(out, 200, "", new byte[0]));
        int id = subscribe("/a4");
        awaitFetches(id, 1);

        assertThat(feed(id).getString("lastError")).isEqualTo("empty_body");
        assertThat(feed(id).getLong("itemCount")).isZero();
    }

    @Test
    void aFeedThatSuddenlyHasNoItemsIsSuspiciousNotAQuietDay_andASuccessResetsTheFailures() {
        String full = MisbehavingServer.rss(3).replace("id-", "suspicious-").replace("feeds.test/", "feeds.test/suspicious/");
        routes.put("/suspicious", MisbehavingServer.ok(full));
        int id = subscribe("/suspicious");
        awaitFetches(id, 1);
        assertThat(feed(id).getLong("itemCount")).isEqualTo(3);

        routes.put("/suspicious", MisbehavingServer.ok(MisbehavingServer.rss(0)));
        pollNow(id);
        awaitFetches(id, 2);
        JsonPath suspicious = feed(id);
        assertThat(suspicious.getString("lastError")).isEqualTo("suspicious_empty");
        assertThat(suspicious.getInt("consecutiveFailures")).isEqualTo(1);
        assertThat(suspicious.getLong("itemCount")).isEqualTo(3);

        routes.put("/suspicious", MisbehavingServer.ok(full));
        pollNow(id);
        awaitFetches(id, 3);
        JsonPath recovered = feed(id);
        assertThat(recovered.getString("lastError")).isNull();
        assertThat(recovered.getInt("consecutiveFailures")).isZero();
        assertThat(fetches(id).getString("[0].outcome")).isEqualTo("not_modified"); // same bytes as the last stored body
    }

    // Case C19 of reliability-security.md §5.
    @Test
    void a304AdvancesTheNextPollAndWritesNothing() {
        routes.put("/c19", (request, socket, out) -> {
            if ("\"v1\"".equals(request.header("If-None-Match"))) {
                MisbehavingServer.respond(out, 304, "ETag: \"v1\"\r\n", (byte[]) null);
            } else {
                MisbehavingServer.respond(out, 200, "ETag: \"v1\"\r\n",
                        MisbehavingServer.rss(2).replace("id-", "c19-").replace("feeds.test/", "feeds.test/c19/"));
            }
        });
        int id = subscribe("/c19");
        awaitFetches(id, 1);
        pollNow(id);
        Instant before = Instant.now();
        awaitFetches(id, 2);

        JsonPath feed = feed(id);
        assertThat(fetches(id).getString("[0].outcome")).isEqualTo("not_modified");
        assertThat(fetches(id).getInt("[0].itemsNew")).isZero();
        assertThat(feed.getLong("itemCount")).isEqualTo(2);
        assertThat(nextPoll(feed)).isAfter(before.plus(Duration.ofMinutes(14)));
    }

    // Case C21 of reliability-security.md §5.
    @Test
    void retryAfterIsPersistedAsTheNextPollAndNothingIsRequestedInBetween() throws Exception {
        routes.put("/c21", MisbehavingServer.status(429, "Retry-After: 3600\r\n"));
        Instant before = Instant.now();
        int id = subscribe("/c21");
        awaitFetches(id, 1);
        int requests = requestsTo("/c21");
        await().during(Duration.ofSeconds(3)).atMost(WAIT) // three scheduler ticks
                .until(() -> requestsTo("/c21") == requests);

        JsonPath feed = feed(id);
        assertThat(feed.getString("lastError")).isEqualTo("rate_limited");
        assertThat(feed.getInt("lastStatus")).isEqualTo(429);
        assertThat(nextPoll(feed)).isAfterOrEqualTo(before.plusSeconds(3600));
        // One request when subscribing (discovery: a feed or a web page?), one poll, nothing since.
        assertThat(requestsTo("/c21")).isEqualTo(requests).isEqualTo(2);
    }

    // Case C23 of reliability-security.md §5.
    @Test
    void status410MakesTheFeedGoneAndItIsNeverPolledAgain() throws Exception {
        routes.put("/c23", MisbehavingServer.status(410, ""));
        int id = subscribe("/c23");
        awaitFetches(id, 1);
        given().post("/api/v1/feeds/{id}/poll", id).then().statusCode(409); // the API refuses to poll a gone feed
        int requests = requestsTo("/c23");
        await().during(Duration.ofSeconds(3)).atMost(WAIT) // three scheduler ticks
                .until(() -> requestsTo("/c23") == requests);

        assertThat(feed(id).getString("state")).isEqualTo("gone");
        assertThat(feed(id).getString("lastError")).isEqualTo("gone");
        // One request when subscribing (discovery), one poll, none after the 410.
        assertThat(requestsTo("/c23")).isEqualTo(2);
    }

    // Case C24 of reliability-security.md §5.
    @Test
    void repeatedServerErrorsMakeTheFeedFailingWithGrowingBackoffAndSuccessResetsIt() {
        routes.put("/c24", MisbehavingServer.status(500, ""));
        int id = subscribe("/c24");
        Instant previousNext = null;
        for (int poll = 1; poll <= 5; poll++) {
            if (poll > 1) {
                pollNow(id);
            }
            awaitFetches(id, poll);
            Instant polledAt = Instant.now();
            JsonPath feed = feed(id);
            assertThat(feed.getString("lastError")).isEqualTo("http_5xx");
            assertThat(feed.getInt("consecutiveFailures")).isEqualTo(poll);
            // 15 min × 2^(n-1), plus at most 10 % jitter
            Duration backoff = Duration.ofMinutes(15L << (poll - 1));
            assertThat(nextPoll(feed)).isAfter(polledAt.plus(backoff).minusSeconds(60));
            previousNext = nextPoll(feed);
        }
        assertThat(feed(id).getString("state")).isEqualTo("failing");
        assertThat(previousNext).isAfter(Instant.now().plus(Duration.ofHours(3)));

        routes.put("/c24", MisbehavingServer.ok(MisbehavingServer.rss(1).replace("id-", "c24-").replace("feeds.test/", "feeds.test/c24/")));
        pollNow(id);
        awaitFetches(id, 6);
        assertThat(feed(id).getString("state")).isEqualTo("active");
        assertThat(feed(id).getInt("consecutiveFailures")).isZero();
    }

    // Case C12 of reliability-security.md §5.
    @Test
    void aPermanentRedirectToTheMetadataServiceIsBlockedAndNeverStored() {
        routes.put("/c12", MisbehavingServer.status(301, "Location: http://169.254.169.254/latest/meta-data/\r\n"));
        int id = subscribe("/c12");
        awaitFetches(id, 1);
        pollNow(id);
        awaitFetches(id, 2);

        JsonPath feed = feed(id);
        assertThat(feed.getString("lastError")).isEqualTo("blocked_address");
        assertThat(feed.getString("url")).isEqualTo(url("/c12"));
    }

    @Test
    void fetchOutcomesAreCountedInMetrics() {
        routes.put("/metrics-404", MisbehavingServer.status(404, ""));
        int id = subscribe("/metrics-404");
        awaitFetches(id, 1);

        String metrics = given().get(metricsUrl).then().statusCode(200).extract().asString();
        assertThat(metrics).containsPattern("ingest_fetch_total\\{[^}]*error=\"http_4xx\"[^}]*outcome=\"failed\"[^}]*} [1-9]");
        assertThat(metrics).contains("ingest_fetch_duration_seconds_bucket");
    }

    @Test
    void aCloudflareChallengeIsBotChallengeWithItsOwnBackoffAndStateAndIsCounted() {
        routes.put("/challenge", MisbehavingServer.status(403, "cf-mitigated: challenge\r\nContent-Type: text/html\r\n"));
        Instant before = Instant.now();
        int id = subscribe("/challenge");
        awaitFetches(id, 1);

        JsonPath feed = feed(id);
        assertThat(feed.getString("lastError")).isEqualTo("bot-challenge");
        assertThat(feed.getString("state")).isEqualTo("challenged");
        // First challenge: ingest.backoff.bot-challenge (30 min) plus at most 10 % jitter, not the 15 min interval.
        assertThat(nextPoll(feed)).isBetween(before.plus(Duration.ofMinutes(30)), Instant.now().plus(Duration.ofMinutes(34)));
        assertThat(given().get(metricsUrl).asString()).containsPattern("ingest_fetch_total\\{[^}]*error=\"bot-challenge\"[^}]*} [1-9]");

        routes.put("/challenge", MisbehavingServer.ok(MisbehavingServer.rss(1)));
        pollNow(id);
        awaitFetches(id, 2);
        assertThat(feed(id).getString("state")).isEqualTo("active");
    }

    @Test
    void a401IsAnAuthFailureWithItsOwnBackoff() {
        routes.put("/members", MisbehavingServer.status(401, "WWW-Authenticate: Basic realm=\"members\"\r\n"));
        Instant before = Instant.now();
        int id = subscribe("/members");
        awaitFetches(id, 1);

        JsonPath feed = feed(id);
        assertThat(feed.getString("lastError")).isEqualTo("auth_failed");
        // ingest.backoff.auth-failure: one hour plus at most 10 % jitter.
        assertThat(nextPoll(feed)).isBetween(before.plus(Duration.ofHours(1)), Instant.now().plus(Duration.ofMinutes(67)));
    }

    @Test
    void feedsAreGaugedByState() {
        routes.put("/gauge-410", MisbehavingServer.status(410, ""));
        int id = subscribe("/gauge-410");
        awaitFetches(id, 1);

        await().atMost(WAIT).until(() -> given().get(metricsUrl).asString().lines()
                .anyMatch(line -> line.matches("ingest_feeds\\{[^}]*state=\"gone\"[^}]*} [1-9].*")));
        assertThat(given().get(metricsUrl).asString()).containsPattern("ingest_feeds\\{[^}]*state=\"active\"[^}]*} ");
    }

    // ---- helpers ----

    private static String url(String path) {
        return "http://127.0.0.1:" + server.port() + path;
    }

    private static int subscribe(String path) {
        return given().contentType(ContentType.JSON)
                .body(Map.of("url", url(path), "tags", List.of()))
                .post("/api/v1/feeds")
                .then().statusCode(201)
                .extract().path("id");
    }

    private static void pollNow(int id) {
        given().post("/api/v1/feeds/{id}/poll", id).then().statusCode(202);
    }

    private static JsonPath feed(int id) {
        return given().get("/api/v1/feeds/{id}", id).then().statusCode(200).extract().jsonPath();
    }

    private static JsonPath fetches(int id) {
        return given().get("/api/v1/feeds/{id}/fetches", id).then().statusCode(200).extract().jsonPath();
    }

    private static void awaitFetches(int id, int count) {
        await().atMost(WAIT).until(() -> fetches(id).getList("$").size() >= count);
    }

    private static Instant nextPoll(JsonPath feed) {
        return Instant.parse(feed.getString("nextPollAt"));
    }

    private static int requestsTo(String path) {
        return (int) server.requests().stream().filter(r -> r.path().equals(path)).count();
    }
}
