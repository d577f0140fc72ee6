package org.newsingest.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.newsingest.testing.RealEngines;

/** With INGEST_API_KEY set, writes need the bearer token; reads do not. */
@QuarkusTest
@TestProfile(ApiKeyTest.WithApiKey.class)
class ApiKeyTest {

    public static class WithApiKey extends RealEngines {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("ingest.api-key", "s3cret", "ingest.api-writes-without-key", "false");
        }
    }

    @Test
    void writesNeedTheKeyAndReadsDoNot() {
        Map<String, String> feed = Map.of("url", "http://127.0.0.1:9/keyed");
        given().contentType(ContentType.JSON).body(feed).post("/api/v1/feeds")
                .then().statusCode(401).contentType(Problem.MEDIA_TYPE).body("code", equalTo("unauthorized"));
        given().contentType(ContentType.JSON).header("Authorization", "Bearer wrong").body(feed).post("/api/v1/feeds")
                .then().statusCode(401);
        given().contentType(ContentType.JSON).header("Authorization", "Bearer s3cret").body(feed).post("/api/v1/feeds")
                .then().statusCode(201);
        given().get("/api/v1/feeds").then().statusCode(200);
    }
}
