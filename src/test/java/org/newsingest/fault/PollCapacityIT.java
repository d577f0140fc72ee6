package org.newsingest.fault;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.newsingest.testing.EmbeddedDatabase;
import org.newsingest.testing.EmbeddedKafka;

/**
 * How {@code ingest.poll.concurrency} bounds poll capacity: one packaged service, 2,000 feeds on
 * five loopback hosts that answer every poll after {@code LATENCY} (a 304 once the feed was
 * read), every feed due every second, per-host caps lifted. Every feed is read once first, so
 * every measured poll is a 304. For each concurrency the polls per second seen at the server and
 * the service's CPU per poll. Written to
 * {@code target/fault/poll-capacity.md}; the figures behind the default are in docs/scheduler.md.
 *
 * <p>{@code ./mvnw verify -Dgroups=benchmark -DexcludedGroups=conformance,fault -Dtest=NONE
 * -Dsurefire.failIfNoSpecifiedTests=false -Dit.test=PollCapacityIT}
 */
@Tag("benchmark")
class PollCapacityIT {

    private static final int FEEDS = 2000;
    private static final int HOSTS = 5;
    private static final Duration LATENCY = Duration.ofMillis(Long.getLong("poll.latency.ms", 100));
    private static final Duration WARM_UP = Duration.ofSeconds(15);
    private static final Duration MEASURED = Duration.ofSeconds(20);
    private static final int[] CONCURRENCY = {4, 16, 64, 128};

    private final Path dir = Path.of("target", "fault", "poll-capacity").toAbsolutePath();

    @Test
    void pollsPerSecondByConcurrency() throws IOException {
        World.deleteRecursively(dir);
        Files.createDirectories(dir);
        int brokerPort = EmbeddedKafka.freePort();
        List<String> lines = new ArrayList<>();
        ChildProcess broker = null;
        try (EmbeddedDatabase database = EmbeddedDatabase.start(dir.resolve("pg"), EmbeddedKafka.freePort());
             HostsServer server = new HostsServer(HOSTS, LATENCY, 256)) {
            StringBuilder yaml = new StringBuilder("feeds:\n");
            for (int f = 0; f < FEEDS; f++) {
                String path = "/capacity/" + f;
                server.serve(path, """
                        <?xml version="1.0" encoding="UTF-8"?>
                        <rss version="2.0"><channel><title>Feed %d</title><link>https://capacity.example/%d</link><description>d</description>
                        <item><guid>urn:capacity:%d</guid><title>The only story of feed %d</title></item></channel></rss>
                        """.formatted(f, f, f, f));
                yaml.append("  - url: ").append(server.url(f % HOSTS, path)).append("\n    pollInterval: PT1S\n");
            }
            Files.writeString(dir.resolve("feeds.yaml"), yaml);
            broker = ChildProcess.start(List.of(ChildProcess.java(), "-Xmx256m", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
                    BrokerMain.class.getName(), dir.resolve("kafka").toString(), String.valueOf(brokerPort), String.valueOf(EmbeddedKafka.freePort())),
                    Map.of(), dir.resolve("broker.log"));
            ChildProcess starting = broker;
            broker.await("broker", Duration.ofSeconds(90), () -> starting.logContains(BrokerMain.READY));

            // Every feed read once first, so every measured poll is a 304 (first reads parse and store).
            ChildProcess reader = startService(database, brokerPort, 128, dir.resolve("service-first-read.log"));
            long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
            while (count(database, "SELECT count(*) FROM feed WHERE etag IS NOT NULL") < FEEDS && System.nanoTime() < deadline) {
                Faults.sleep(Duration.ofSeconds(1));
            }
            reader.stop();

            for (int concurrency : CONCURRENCY) {
                ChildProcess service = startService(database, brokerPort, concurrency, dir.resolve("service-" + concurrency + ".log"));
                Faults.sleep(WARM_UP);
                long requests = server.requests();
                Duration cpu = service.cpuTime().orElse(Duration.ZERO);
                Faults.sleep(MEASURED);
                long polls = server.requests() - requests;
                Duration used = service.cpuTime().orElse(Duration.ZERO).minus(cpu);
                service.stop();
                double perSecond = polls / (double) MEASURED.toSeconds();
                lines.add(String.format("| %d | %d ms | %.0f | %.2f |", concurrency, LATENCY.toMillis(), perSecond,
                        polls == 0 ? 0 : used.toNanos() / 1e6 / polls));
                System.out.println("concurrency " + concurrency + ": " + perSecond + " polls/s");
                assertThat(polls).as("polls at concurrency " + concurrency).isPositive();
            }
        } finally {
            if (broker != null && broker.alive()) {
                broker.stop();
            }
        }
        String table = "| concurrency | server latency | polls/s | service CPU-ms per poll |\n|---|---|---|---|\n" + String.join("\n", lines) + "\n";
        System.out.println(table);
        Files.writeString(dir.resolve("poll-capacity.md"), table);
    }

    private ChildProcess startService(EmbeddedDatabase database, int brokerPort, int concurrency, Path log) {
        Map<String, String> env = new HashMap<>(World.serviceEnvironment(database, "127.0.0.1:" + brokerPort, EmbeddedKafka.freePort(), EmbeddedKafka.freePort(),
                dir.resolve("feeds.yaml")));
        env.put("INGEST_POLL_CONCURRENCY", String.valueOf(concurrency));
        env.put("INGEST_FETCH_PER_HOST_CONCURRENCY", "1000");
        env.put("INGEST_POLL_DEFAULT_INTERVAL", "PT1S");
        return World.startService(env, log, () -> logHas(log, "poll scheduler started"));
    }

    private static long count(EmbeddedDatabase database, String sql) {
        try (Connection c = DriverManager.getConnection(database.jdbcUrl(), database.username(), database.password());
             Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    private static boolean logHas(Path log, String text) {
        try {
            return Files.exists(log) && Files.readString(log).contains(text);
        } catch (IOException e) {
            return false;
        }
    }
}
