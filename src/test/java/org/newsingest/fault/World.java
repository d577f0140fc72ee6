package org.newsingest.fault;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.newsingest.testing.EmbeddedDatabase;
import org.newsingest.testing.EmbeddedKafka;
import org.newsingest.testing.FeedServer;
import org.newsingest.testing.LoopbackHttp;

/**
 * Everything a fault scenario runs: PostgreSQL (in this JVM, restartable on the same data and
 * port), a Kafka broker and the packaged service as separate processes (killable), and feeds
 * on a local server that publish throughout.
 */
final class World implements AutoCloseable {

    /** The API key every service of the fault suite runs with; writes send it as a bearer token. */
    static final String API_KEY = "fault-suite-" + UUID.randomUUID();

    static final String TOPIC = "news.items";

    final String name;
    final Path dir;
    final int dbPort = EmbeddedKafka.freePort();
    final int brokerPort = EmbeddedKafka.freePort();
    final int controllerPort = EmbeddedKafka.freePort();
    final int httpPort = EmbeddedKafka.freePort();
    /** Health and metrics: the management interface has its own port. */
    final int managementPort = EmbeddedKafka.freePort();
    final FeedServer feeds;
    final NewsGenerator news;
    EmbeddedDatabase database;
    ChildProcess broker;
    ChildProcess service;
    private int brokerStarts;
    private int serviceStarts;

    World(String name, int feedCount) {
        this.name = name;
        this.dir = Path.of("target", "fault", name).toAbsolutePath();
        deleteRecursively(dir);
        database = EmbeddedDatabase.start(dir.resolve("pg"), dbPort);
        feeds = FeedServer.start();
        news = new NewsGenerator(feeds, feedCount, 400);
        writeFeedList(feedCount);
        startBroker();
        startService();
    }

    String bootstrap() {
        return "127.0.0.1:" + brokerPort;
    }

    Connection jdbc() throws SQLException {
        return DriverManager.getConnection(database.jdbcUrl(), database.username(), database.password());
    }

    // --- Kafka broker --------------------------------------------------------------------

    void startBroker() {
        Path log = dir.resolve("broker-" + (++brokerStarts) + ".log");
        broker = ChildProcess.start(List.of(ChildProcess.java(), "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"), BrokerMain.class.getName(),
                dir.resolve("kafka").toString(), String.valueOf(brokerPort), String.valueOf(controllerPort)), Map.of(), log);
        ChildProcess starting = broker;
        broker.await("broker", Duration.ofSeconds(90), () -> starting.logContains(BrokerMain.READY));
    }

    void killBroker() {
        broker.kill();
    }

    void stopBroker() {
        broker.stop();
    }

    // --- the service ---------------------------------------------------------------------

    void startService() {
        Path log = dir.resolve("service-" + (++serviceStarts) + ".log");
        service = startService(serviceEnvironment(database, bootstrap(), httpPort, managementPort, dir.resolve("feeds.yaml")), log,
                () -> httpStatus("/q/health/live") == 200);
    }

    /** The packaged service as a child process with {@code env}; returns once {@code live} holds. */
    static ChildProcess startService(Map<String, String> env, Path log, BooleanSupplier live) {
        ChildProcess service = launchService(env, log);
        // -Dfault.start-timeout-seconds: a longer wait on a machine shared with other builds, where start-up alone can pass 90 s.
        service.await("service", Duration.ofSeconds(Long.getLong("fault.start-timeout-seconds", 90)), live);
        return service;
    }

    /** The packaged service as a child process with {@code env}, starting. */
    static ChildProcess launchService(Map<String, String> env, Path log) {
        Path jar = Path.of("target", "quarkus-app", "quarkus-run.jar").toAbsolutePath();
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " is missing: run the fault tests with ./mvnw verify (after package)");
        }
        return ChildProcess.start(List.of(ChildProcess.java(), "-Xmx256m", "-jar", jar.toString()), env, log);
    }

    /**
     * The settings every fault scenario runs the service with: production defaults, except
     * short poll intervals and producer timeouts so a scenario converges in seconds. The poll
     * lease, its heartbeat and the shutdown grace keep their production defaults.
     */
    static Map<String, String> serviceEnvironment(EmbeddedDatabase database, String bootstrap, int httpPort, int managementPort,
                                                  Path feedsFile) {
        return Map.ofEntries(
                Map.entry("QUARKUS_DATASOURCE_JDBC_URL", database.jdbcUrl()),
                Map.entry("QUARKUS_DATASOURCE_USERNAME", database.username()),
                Map.entry("QUARKUS_DATASOURCE_PASSWORD", database.password()),
                Map.entry("KAFKA_BOOTSTRAP_SERVERS", bootstrap),
                Map.entry("QUARKUS_HTTP_PORT", String.valueOf(httpPort)),
                Map.entry("QUARKUS_HTTP_HOST", "127.0.0.1"),
                Map.entry("QUARKUS_MANAGEMENT_PORT", String.valueOf(managementPort)),
                Map.entry("QUARKUS_MANAGEMENT_HOST", "127.0.0.1"),
                Map.entry("INGEST_FEEDS_FILE", feedsFile.toString()),
                Map.entry("INGEST_FETCH_ALLOW_PRIVATE_NETWORKS", "true"),
                // A real key, as production requires (writes without one are refused at start-up).
                Map.entry("INGEST_API_KEY", API_KEY),
                Map.entry("INGEST_FETCH_PER_HOST_SPACING", "PT0S"),
                Map.entry("INGEST_FETCH_PER_HOST_CONCURRENCY", "4"),
                Map.entry("INGEST_POLL_MIN_INTERVAL", "PT1S"),
                // The feed-list sync spreads first polls over min(the feed's interval, a few minutes).
                Map.entry("INGEST_POLL_DEFAULT_INTERVAL", "PT2S"),
                Map.entry("INGEST_RELAY_TICK", "1s"),
                Map.entry("INGEST_RELAY_LEASE", "PT30S"),
                Map.entry("INGEST_RELAY_MAX_PAUSE", "PT2S"),
                Map.entry("INGEST_RELAY_UNREACHABLE_THRESHOLD", "PT10S"),
                Map.entry("INGEST_RELAY_BACKLOG_TICK", "2s"),
                // Shorter producer timeouts than production, so a scenario converges in seconds.
                Map.entry("KAFKA_REQUEST_TIMEOUT_MS", "5000"),
                Map.entry("KAFKA_DELIVERY_TIMEOUT_MS", "15000"),
                Map.entry("KAFKA_MAX_BLOCK_MS", "5000"));
    }

    void killService() {
        service.kill();
    }

    /** SIGTERM; returns how long the service took to exit, or empty when it had to be killed after 30 s. */
    Optional<Duration> stopService() {
        return service.stop();
    }

    /** Lines containing {@code text} in the logs of every service process of this scenario. */
    long serviceLogLines(String text) {
        long lines = 0;
        for (int i = 1; i <= serviceStarts; i++) {
            try (Stream<String> log = Files.lines(dir.resolve("service-" + i + ".log"))) {
                lines += log.filter(line -> line.contains(text)).count();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return lines;
    }

    int serviceStarts() {
        return serviceStarts;
    }

    int brokerStarts() {
        return brokerStarts;
    }

    // --- PostgreSQL ----------------------------------------------------------------------

    /** A clean PostgreSQL restart (fast shutdown: open sessions are terminated) on the same data and port. */
    void restartDatabase(Duration down) {
        database.close();
        Faults.sleep(down);
        database = EmbeddedDatabase.start(dir.resolve("pg"), dbPort);
    }

    // --- probes --------------------------------------------------------------------------

    int httpStatus(String path) {
        return LoopbackHttp.status(path.startsWith("/q/") ? managementPort : httpPort, path, Duration.ofSeconds(5));
    }

    long count(String sql) {
        try (Connection c = jdbc(); Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    void execute(String sql) {
        try (Connection c = jdbc(); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    List<String> strings(String sql) {
        try (Connection c = jdbc(); Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
            List<String> values = new ArrayList<>();
            while (r.next()) {
                values.add(r.getString(1));
            }
            return values;
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    private void writeFeedList(int feedCount) {
        StringBuilder yaml = new StringBuilder("feeds:\n");
        for (int f = 0; f < feedCount; f++) {
            yaml.append("  - url: ").append(feeds.url(NewsGenerator.path(f))).append('\n')
                    .append("    title: Fault feed ").append(f).append('\n')
                    .append("    tags: [fault, feed-").append(f).append("]\n")
                    .append("    pollInterval: PT2S\n");
        }
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("feeds.yaml"), yaml);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        news.close();
        if (service != null && service.alive()) {
            service.stop();
        }
        if (broker != null && broker.alive()) {
            broker.stop();
        }
        feeds.close();
        database.close();
    }

    static void deleteRecursively(Path path) {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> files = Files.walk(path)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
