package org.newsingest.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.newsingest.store.Item;
import org.newsingest.tag.Topic;
import org.newsingest.testing.RealEngines;

/** Issue 16 finding 6: reads that cannot starve the pipeline, and a read key for deployments that want reads closed. */
@QuarkusTest
@TestProfile(CheapReadsTest.LimitedReads.class)
class CheapReadsTest {

    private static final String WRITE_KEY = "write-k3y";
    private static final String READ_KEY = "read-k3y";

    public static class LimitedReads extends RealEngines {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("ingest.api-key", WRITE_KEY, "ingest.api-writes-without-key", "false",
                    "ingest.api-read.key", READ_KEY,
                    "ingest.api-read.concurrency", "2",
                    "ingest.api-read.wait", "PT0.2S",
                    "ingest.api-read.statement-timeout", "PT2S",
                    "ingest.api-read.topic-counts-refresh", "PT1H");
        }
    }

    @Inject
    AgroalDataSource dataSource;

    @Inject
    TopicCounts topicCounts;

    @Test
    void withAReadKeySetReadsNeedTheReadKeyOrTheWriteKey() {
        given().get("/api/v1/feeds").then().statusCode(401).body("code", equalTo("unauthorized"));
        given().header("Authorization", "Bearer wrong").get("/api/v1/items").then().statusCode(401);
        given().header("Authorization", "Bearer " + READ_KEY).get("/api/v1/feeds").then().statusCode(200);
        given().header("Authorization", "Bearer " + WRITE_KEY).get("/api/v1/items").then().statusCode(200);
        // The read key does not open writes.
        given().header("Authorization", "Bearer " + READ_KEY).contentType(ContentType.JSON)
                .body(Map.of("url", "http://127.0.0.1:9/read-key")).post("/api/v1/feeds").then().statusCode(401);
    }

    @Test
    void theConsoleAsksABrowserForTheReadKeyWhenReadsAreClosed() {
        given().redirects().follow(false).get("/console/feeds").then().statusCode(401)
                .header("WWW-Authenticate", org.hamcrest.Matchers.startsWith("Basic "));
        given().auth().preemptive().basic("operator", "wrong").get("/console/feeds").then().statusCode(401);
        given().auth().preemptive().basic("operator", READ_KEY).get("/console/feeds").then().statusCode(200);
        given().auth().preemptive().basic("operator", WRITE_KEY).get("/console").then().statusCode(200);
        given().header("Authorization", "Bearer " + READ_KEY).get("/console/topics").then().statusCode(200);
    }

    @Test
    void aReadStuckPastTheStatementTimeoutEndsAs503AndAReadBeyondTheLimitIsTurnedAway() throws Exception {
        try (Connection locker = dataSource.getConnection(); Statement lock = locker.createStatement()) {
            locker.setAutoCommit(false);
            // Every read of item now waits: as behind an expensive query or a long write.
            lock.execute("LOCK TABLE item IN ACCESS EXCLUSIVE MODE");
            try {
                List<CompletableFuture<Integer>> reads = new ArrayList<>();
                for (int i = 0; i < 3; i++) {
                    reads.add(CompletableFuture.supplyAsync(() -> given().header("Authorization", "Bearer " + READ_KEY)
                            .get("/api/v1/items?limit=1").then().extract().statusCode()));
                }
                List<Integer> statuses = new ArrayList<>();
                for (CompletableFuture<Integer> read : reads) {
                    statuses.add(read.get(20, TimeUnit.SECONDS));
                }
                assertThat(statuses).containsOnly(503);
            } finally {
                locker.rollback();
            }
        }
        given().header("Authorization", "Bearer " + READ_KEY).get("/api/v1/items?limit=1").then().statusCode(200);
    }

    @Test
    void topicCountsAreRecountedOnTheirTickNotOnEveryCall() {
        int feedId = given().header("Authorization", "Bearer " + WRITE_KEY).contentType(ContentType.JSON)
                .body(Map.of("url", "http://127.0.0.1:9/topic-counts")).post("/api/v1/feeds").then().statusCode(201)
                .extract().path("id");
        // The first tick comes one refresh (an hour here) after start: until then only our recounts count.
        topicCounts.recount();
        int before = crimeaCount();
        UUID id = UUID.randomUUID();
        QuarkusTransaction.requiringNew().run(() -> {
            Item item = new Item();
            item.id = id;
            item.storyId = id;
            item.feedId = (long) feedId;
            item.title = "Counted on the next tick";
            item.firstSeenAt = Instant.now();
            item.topics = List.of(new Topic("geo:UA-43", "Crimea", "geo", 0.9));
            item.contentHash = "topic-counts-" + id;
            item.persist();
        });

        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(60)).until(() -> crimeaCount() == before);
        topicCounts.recount();
        assertThat(crimeaCount()).isEqualTo(before + 1);
    }

    @Test
    void theTextSearchCanUseTrigramIndexes() throws Exception {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("SET enable_seqscan = off");
            StringBuilder plan = new StringBuilder();
            try (ResultSet rows = statement.executeQuery(
                    "EXPLAIN SELECT id FROM item i WHERE i.title ILIKE '%ceasefire%' OR i.summary ILIKE '%ceasefire%'")) {
                while (rows.next()) {
                    plan.append(rows.getString(1)).append('\n');
                }
            }
            statement.execute("RESET enable_seqscan");
            assertThat(plan.toString()).contains("item_title_trgm_idx", "item_summary_trgm_idx");
        }
    }

    private int crimeaCount() {
        return given().header("Authorization", "Bearer " + READ_KEY).get("/api/v1/topics").then().statusCode(200)
                .extract().path("find { it.id == 'geo:UA-43' }.items");
    }
}
