package org.newsingest.fault;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
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

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    /** How long a broker or service may take to start: minutes, not seconds, on a machine shared by several builds ({@code -Dfault.start-timeout}). */
    static final Duration START = Duration.parse(System.getProperty("fault.start-timeout", "PT240S"));

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
    private final Map<String, String> extraEnvironment;
    /** Whether the generator's feeds are listed with extraction on (else {@code extract: false}). */
    private final boolean newsExtracted;
    EmbeddedDatabase database;
    ChildProcess broker;
    ChildProcess service;
    /** Settings of this scenario on top of {@link #serviceEnvironment}. */
    private int brokerStarts;
    private int serviceStarts;
    private final List<String> jvmOptions;

    World(String name, int feedCount) {
        this(name, feedCount, Map.of());
    }

    /** A scenario whose service also gets {@code extraEnvironment} (e.g. routes), over the defaults. */
    World(String name, int feedCount, Map<String, String> extraEnvironment) {
        this(name, feedCount, imageJvmOptions(), extraEnvironment);
    }

    /** With the service's JVM started with {@code jvmOptions} instead of {@link #imageJvmOptions()}. */
    World(String name, int feedCount, List<String> jvmOptions) {
        this(name, feedCount, jvmOptions, Map.of());
    }

    /**
     * With the service's JVM started with {@code jvmOptions} (e.g. {@link #imageJvmOptions()}) and
     * {@code extraEnvironment} over the fault suite's {@link #serviceEnvironment}.
     */
    World(String name, int feedCount, List<String> jvmOptions, Map<String, String> extraEnvironment) {
        this(name, feedCount, jvmOptions, extraEnvironment, false);
    }

    /**
     * A delivery scenario with the extract stage on for the generator's feeds: every story's page
     * (tiny, on the feed server) is read. The hold outlasts a service restart on a loaded machine
     * and the claim lease is short, so a page whose reader was killed is read again by the next
     * process before its story's {@code created} may leave: the {@code created} carries the page's body.
     */
    static World withExtraction(String name, int feedCount) {
        return new World(name, feedCount, imageJvmOptions(), Map.of(
                "INGEST_EXTRACT_ENABLED", "true",
                "INGEST_EXTRACT_HOLD", "PT90S",
                "INGEST_EXTRACT_LEASE", "PT15S",
                "INGEST_EXTRACT_PAGE_TIMEOUT", "PT5S"), true);
    }

    private World(String name, int feedCount, List<String> jvmOptions, Map<String, String> extraEnvironment, boolean newsExtracted) {
        this.name = name;
        this.newsExtracted = newsExtracted;
        this.extraEnvironment = Map.copyOf(extraEnvironment);
        this.jvmOptions = List.copyOf(jvmOptions);
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
        broker.await("broker", START, () -> starting.logContains(BrokerMain.READY));
    }

    void killBroker() {
        broker.kill();
    }

    void stopBroker() {
        broker.stop();
    }

    // --- the service ---------------------------------------------------------------------

    void startService() {
        startService(START);
    }

    /** Starts the service and waits up to {@code within} for it to be live (a restart with a large backlog on a busy machine takes longer). */
    void startService(Duration within) {
        Path log = dir.resolve("service-" + (++serviceStarts) + ".log");
        Map<String, String> env = new HashMap<>(serviceEnvironment(database, bootstrap(), httpPort, managementPort, dir.resolve("feeds.yaml")));
        env.putAll(extraEnvironment);
        service = launchService(env, log, jvmOptions);
        awaitLive(service, within, () -> httpStatus("/q/health/live") == 200);
    }

    /** The packaged service as a child process with {@code env}; returns once {@code live} holds. */
    static ChildProcess startService(Map<String, String> env, Path log, BooleanSupplier live) {
        return startService(env, log, START, live);
    }

    /** As above, waiting up to {@code within}; a service that does not become live in time is killed, not left running. */
    static ChildProcess startService(Map<String, String> env, Path log, Duration within, BooleanSupplier live) {
        ChildProcess service = launchService(env, log);
        awaitLive(service, within, live);
        return service;
    }

    /** Waits until {@code live} holds; a service that does not become live in time is killed, not left running. */
    private static void awaitLive(ChildProcess service, Duration within, BooleanSupplier live) {
        try {
            service.await("service", within, live);
        } catch (RuntimeException e) {
            service.kill();
            throw e;
        }
    }

    /** The packaged service as a child process with {@code env} and the image's JVM settings, starting. */
    static ChildProcess launchService(Map<String, String> env, Path log) {
        return launchService(env, log, imageJvmOptions());
    }

    static ChildProcess launchService(Map<String, String> env, Path log, List<String> jvmOptions) {
        Path jar = Path.of("target", "quarkus-app", "quarkus-run.jar").toAbsolutePath();
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " is missing: run the fault tests with ./mvnw verify (after package)");
        }
        List<String> command = new ArrayList<>(List.of(ChildProcess.java()));
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", jar.toString()));
        return ChildProcess.start(command, env, log);
    }

    /** The JVM options the image starts the service with: {@code JAVA_OPTS_APPEND} of docker/Dockerfile. */
    static List<String> imageJvmOptions() {
        try {
            Matcher options = Pattern.compile("JAVA_OPTS_APPEND=\"([^\"]*)\"").matcher(Files.readString(Path.of("docker", "Dockerfile")));
            if (!options.find()) {
                throw new IllegalStateException("docker/Dockerfile sets no JAVA_OPTS_APPEND");
            }
            return List.of(options.group(1).strip().split("\\s+"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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
                // No page is fetched unless a scenario turns extraction on (ExtractionIT, withExtraction).
                Map.entry("INGEST_EXTRACT_ENABLED", "false"),
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

    // --- the service's API ---------------------------------------------------------------

    /** Subscribes the local feed at {@code path} through the service's API (as an operator would); returns its id. */
    int subscribe(String path) {
        HttpResponse<String> response = post("/api/v1/feeds", Map.of("url", feeds.url(path)));
        if (response.statusCode() != 201) {
            throw new IllegalStateException("subscribing " + path + " answered " + response.statusCode() + ": " + response.body());
        }
        return json(response.body()).get("id").asInt();
    }

    /** A GET of {@code path} on the port that serves it ({@link #portOf}); reads need no key here. */
    HttpResponse<String> get(String path) {
        return send(HttpRequest.newBuilder(uri(path)).GET().build());
    }

    /** A POST of {@code body} as JSON to {@code path} with the suite's API key. */
    HttpResponse<String> post(String path, Object body) {
        return sendJson("POST", path, body);
    }

    /** A PATCH of {@code body} as JSON to {@code path} with the suite's API key. */
    HttpResponse<String> patch(String path, Object body) {
        return sendJson("PATCH", path, body);
    }

    private HttpResponse<String> sendJson(String method, String path, Object body) {
        try {
            return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json").header("Authorization", "Bearer " + API_KEY)
                    .method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build());
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** A DELETE of {@code path} with the suite's API key. */
    HttpResponse<String> delete(String path) {
        return send(HttpRequest.newBuilder(uri(path)).header("Authorization", "Bearer " + API_KEY).DELETE().build());
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + portOf(path) + path);
    }

    /** Health and metrics live on the management port (application.properties); the API, the console and /q/openapi on the HTTP port. */
    private int portOf(String path) {
        return path.startsWith("/q/health") || path.startsWith("/q/metrics") ? managementPort : httpPort;
    }

    static HttpResponse<String> send(HttpRequest request) {
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An event's CloudEvents type (its {@code ce_type} header), e.g. {@code news.item.created}. */
    static String type(ConsumerRecord<String, byte[]> event) {
        return new String(event.headers().lastHeader("ce_type").value(), StandardCharsets.UTF_8);
    }

    /** An event's JSON body. */
    static JsonNode body(ConsumerRecord<String, byte[]> event) {
        try {
            return JSON.readTree(event.value());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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
        return LoopbackHttp.status(portOf(path), path, Duration.ofSeconds(5));
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
        // An empty list is written as one: a bare "feeds:" is null, which the service refuses.
        StringBuilder yaml = new StringBuilder(feedCount == 0 ? "feeds: []\n" : "feeds:\n");
        for (int f = 0; f < feedCount; f++) {
            yaml.append("  - url: ").append(feeds.url(NewsGenerator.path(f))).append('\n')
                    .append("    title: Fault feed ").append(f).append('\n')
                    .append("    tags: [fault, feed-").append(f).append("]\n")
                    .append("    pollInterval: PT2S\n")
                    // Their pages are read only in the scenarios made withExtraction, even where another turns extraction on.
                    .append("    extract: ").append(newsExtracted).append('\n');
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
