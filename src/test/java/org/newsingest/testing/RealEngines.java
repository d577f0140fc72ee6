package org.newsingest.testing;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.List;

/**
 * The test profile of every {@code @QuarkusTest}: a real PostgreSQL and a real Kafka broker,
 * started once and shared by all test classes that use this profile.
 */
public class RealEngines implements QuarkusTestProfile {

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(PostgresTestResource.class), new TestResourceEntry(KafkaTestResource.class));
    }
}
