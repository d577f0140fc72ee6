package org.newsingest.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.newsingest.testing.EmbeddedDatabase;
import org.newsingest.testing.EmbeddedKafka;

/**
 * Issue 16 finding 9 on the packaged service: the migration Job's mode (k8s/migrate) applies every
 * migration to an empty database and exits 0, with no poller, relay or listener started and no Kafka.
 */
@Tag("fault")
class MigrationJobIT {

    @Test
    void theJobModeAppliesEveryMigrationAndExitsWithoutStartingTheService() throws IOException, SQLException {
        Path dir = Path.of("target", "fault", "migration-job").toAbsolutePath();
        World.deleteRecursively(dir);
        try (EmbeddedDatabase database = EmbeddedDatabase.start(dir.resolve("pg"), EmbeddedKafka.freePort())) {
            Map<String, String> job = Map.of(
                    "QUARKUS_DATASOURCE_JDBC_URL", database.jdbcUrl(),
                    "QUARKUS_DATASOURCE_USERNAME", database.username(),
                    "QUARKUS_DATASOURCE_PASSWORD", database.password(),
                    // Nothing listens here: the Job must not need Kafka.
                    "KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9",
                    "QUARKUS_INIT_AND_EXIT", "true",
                    "QUARKUS_FLYWAY_MIGRATE_AT_START", "true");
            ChildProcess migrate = World.launchService(job, dir.resolve("migrate.log"), World.imageJvmOptions());
            await().atMost(World.START).until(() -> !migrate.alive());

            assertThat(migrate.exitValue()).isZero();
            assertThat(appliedMigrations(database)).isEqualTo(shippedMigrations()).isPositive();
            assertThat(migrate.logContains("poll scheduler started")).isFalse();
            assertThat(migrate.logContains("Listening on")).isFalse();
        }
    }

    private static long appliedMigrations(EmbeddedDatabase database) throws SQLException {
        try (Connection c = DriverManager.getConnection(database.jdbcUrl(), database.username(), database.password());
             Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT count(*) FROM flyway_schema_history WHERE success AND version IS NOT NULL")) {
            r.next();
            return r.getLong(1);
        }
    }

    /** SQL migrations and Java migrations in the source tree. */
    private static long shippedMigrations() throws IOException {
        long count = 0;
        for (Path directory : List.of(Path.of("src/main/resources/db/migration"), Path.of("src/main/java/db/migration"))) {
            try (Stream<Path> files = Files.list(directory)) {
                count += files.filter(f -> f.getFileName().toString().matches("V\\d+__.+\\.(sql|java)")).count();
            }
        }
        return count;
    }
}
