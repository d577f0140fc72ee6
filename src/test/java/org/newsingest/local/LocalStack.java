package org.newsingest.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.newsingest.testing.EmbeddedDatabase;
import org.newsingest.testing.EmbeddedKafka;

/**
 * {@code ./mvnw -Prun}: runs the packaged service on this machine with nothing installed but a
 * JDK. Starts an embedded PostgreSQL and an embedded Kafka broker (data kept in {@code .local/}
 * across restarts) unless {@code QUARKUS_DATASOURCE_JDBC_URL} / {@code KAFKA_BOOTSTRAP_SERVERS}
 * point elsewhere, then runs {@code target/quarkus-app/quarkus-run.jar} in the {@code local}
 * profile as a child process. The engines live in this launcher, never in the service.
 */
public final class LocalStack {

    private static final Path DATA = Path.of(".local");
    private static final int KAFKA_PORT = Integer.parseInt(System.getenv().getOrDefault("LOCAL_KAFKA_PORT", "9092"));

    private LocalStack() {}

    public static void main(String[] args) throws IOException, InterruptedException {
        Map<String, String> env = System.getenv();
        List<AutoCloseable> engines = new ArrayList<>();
        Map<String, String> childEnv = new HashMap<>();

        Optional<EmbeddedDatabase> database = Optional.empty();
        if (!env.containsKey("QUARKUS_DATASOURCE_JDBC_URL")) {
            Files.createDirectories(DATA);
            EmbeddedDatabase db = EmbeddedDatabase.start(Optional.of(DATA.resolve("postgres").toAbsolutePath()));
            engines.add(db);
            database = Optional.of(db);
            childEnv.put("QUARKUS_DATASOURCE_JDBC_URL", db.jdbcUrl());
            childEnv.put("QUARKUS_DATASOURCE_USERNAME", db.username());
            childEnv.put("QUARKUS_DATASOURCE_PASSWORD", db.password());
        }
        String bootstrap = env.get("KAFKA_BOOTSTRAP_SERVERS");
        if (bootstrap == null) {
            EmbeddedKafka kafka = EmbeddedKafka.start(DATA.resolve("kafka").toAbsolutePath(), KAFKA_PORT);
            engines.add(kafka);
            bootstrap = kafka.bootstrapServers();
            childEnv.put("KAFKA_BOOTSTRAP_SERVERS", bootstrap);
        }

        if (Boolean.parseBoolean(env.getOrDefault("LOCAL_ENGINES_ONLY", "false"))) {
            waitWithEnginesOnly(childEnv, engines);
            return;
        }

        Path runner = Path.of("target", "quarkus-app", "quarkus-run.jar");
        if (!Files.exists(runner)) {
            throw new IllegalStateException(runner + " is missing: run ./mvnw -Prun (it packages the service first)");
        }
        String java = ProcessHandle.current().info().command().orElse("java");
        ProcessBuilder service = new ProcessBuilder(java, "-Dquarkus.profile=local", "-jar", runner.toString()).inheritIO();
        service.environment().putAll(childEnv);

        System.out.println();
        System.out.println("news-ingest local run");
        System.out.println("  database : " + database.map(db -> "embedded PostgreSQL on 127.0.0.1:" + db.port() + ", data in " + DATA.resolve("postgres"))
                .orElse(env.get("QUARKUS_DATASOURCE_JDBC_URL")));
        System.out.println("  events   : topic " + env.getOrDefault("INGEST_KAFKA_TOPIC", "news.items") + " on " + bootstrap
                + (env.containsKey("KAFKA_BOOTSTRAP_SERVERS") ? "" : " (embedded broker, data in " + DATA.resolve("kafka") + ")"));
        System.out.println("  API      : http://localhost:" + env.getOrDefault("QUARKUS_HTTP_PORT", "8080") + "/api/v1/feeds"
                + " (Swagger UI: /q/swagger-ui)");
        System.out.println("  health   : http://localhost:" + env.getOrDefault("QUARKUS_MANAGEMENT_PORT", "9000") + "/q/health, metrics /q/metrics");
        System.out.println();

        Process process = service.start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            process.destroy();
            try {
                process.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            closeAll(engines);
        }));
        int exit = process.waitFor();
        System.exit(exit);
    }

    /**
     * {@code LOCAL_ENGINES_ONLY=true}: the engines without the service, for {@code ./mvnw quarkus:dev}
     * in another terminal (dev mode cannot start them itself: Dev Services need containers).
     */
    private static void waitWithEnginesOnly(Map<String, String> childEnv, List<AutoCloseable> engines) throws InterruptedException {
        System.out.println();
        System.out.println("news-ingest engines only; in another terminal:");
        System.out.println();
        childEnv.forEach((name, value) -> System.out.println("  export " + name + "='" + value + "'"));
        System.out.println("  ./mvnw quarkus:dev");
        System.out.println();
        System.out.println("Ctrl-C stops the engines.");
        Runtime.getRuntime().addShutdownHook(new Thread(() -> closeAll(engines)));
        Thread.currentThread().join();
    }

    private static void closeAll(List<AutoCloseable> engines) {
        for (int i = engines.size() - 1; i >= 0; i--) {
            try {
                engines.get(i).close();
            } catch (Exception e) {
                System.err.println("stopping an embedded engine failed: " + e);
            }
        }
    }
}
