package org.newsingest.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.newsingest.testing.EmbeddedDatabase;

/**
 * The packaged service, started as an operator would start it in production (profile prod) with
 * a placeholder API key, exits with the reason instead of serving. Runs after {@code package}
 * (failsafe), on a real embedded PostgreSQL because migrations run before the check.
 */
class UnsafeStartupIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static EmbeddedDatabase database;

    @BeforeAll
    static void startDatabase() {
        database = EmbeddedDatabase.start(Optional.empty());
    }

    @AfterAll
    static void stopDatabase() throws Exception {
        database.close();
    }

    @Test
    void aPlaceholderApiKeyStopsTheServiceWithTheReason() throws Exception {
        Path jar = Path.of("target", "quarkus-app", "quarkus-run.jar").toAbsolutePath();
        assertThat(jar).as("run after package (./mvnw verify)").exists();
        Path log = Files.createTempFile("unsafe-startup", ".log");
        ProcessBuilder service = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"), "-Xmx256m", "-jar", jar.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        service.environment().put("QUARKUS_DATASOURCE_JDBC_URL", database.jdbcUrl());
        service.environment().put("QUARKUS_DATASOURCE_USERNAME", database.username());
        service.environment().put("QUARKUS_DATASOURCE_PASSWORD", database.password());
        service.environment().put("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9");
        service.environment().put("QUARKUS_HTTP_PORT", "0");
        service.environment().put("QUARKUS_MANAGEMENT_PORT", "0");
        service.environment().put("INGEST_API_KEY", "change-me");
        Process process = service.start();
        try {
            assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("the service should stop by itself").isTrue();
            String output = read(log);
            assertThat(process.exitValue()).as(output).isNotZero();
            assertThat(output).contains("refusing to start with unsafe settings").contains("INGEST_API_KEY is a placeholder");
            // Production logs are JSON, one object per line.
            assertThat(output.lines().filter(line -> line.startsWith("{"))).isNotEmpty()
                    .allSatisfy(line -> assertThat(JSON.readTree(line).has("message")).isTrue());
        } finally {
            process.destroyForcibly();
            Files.deleteIfExists(log);
        }
    }

    private static String read(Path log) throws IOException {
        return Files.readString(log);
    }
}
