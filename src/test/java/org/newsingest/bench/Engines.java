package org.newsingest.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.newsingest.fault.Faults;
import org.newsingest.fault.BrokerMain;
import org.newsingest.testing.EmbeddedDatabase;

/**
 * The engines every scenario runs on, as in the tests and the fault suite: a real PostgreSQL
 * (zonky's binaries, its server processes are children of this JVM) and a real KRaft broker in
 * its own JVM, both on loopback. One database and one topic per scenario keep them apart.
 */
final class Engines implements AutoCloseable {

    static final int PARTITIONS = 3;

    private final Path dir;
    private final EmbeddedDatabase database;
    private final Process broker;
    final String bootstrap;

    private Engines(Path dir, EmbeddedDatabase database, Process broker, String bootstrap) {
        this.dir = dir;
        this.database = database;
        this.broker = broker;
        this.bootstrap = bootstrap;
    }

    static Engines start(Path dir) {
        // pg_stat_statements: a scenario can show what the database spent its CPU on (statementCosts).
        EmbeddedDatabase database = EmbeddedDatabase.start(dir.resolve("pg"), freePort(),
                Map.of("shared_preload_libraries", "pg_stat_statements", "pg_stat_statements.track", "all"));
        int brokerPort = freePort();
        Path log = dir.resolve("broker.log");
        try {
            Files.createDirectories(dir);
            // The broker's own JVM, small-footprint flags as in the fault suite: its CPU is not the benchmark's.
            Process broker = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx512m", "-cp", System.getProperty("java.class.path"), BrokerMain.class.getName(),
                    dir.resolve("kafka").toString(), String.valueOf(brokerPort), String.valueOf(freePort())))
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            while (!Files.readString(log).contains(BrokerMain.READY)) {
                if (!broker.isAlive() || System.nanoTime() > deadline) {
                    broker.destroyForcibly();
                    database.close();
                    throw new IllegalStateException("the broker did not start; see " + log);
                }
                Faults.sleep(Duration.ofMillis(200));
            }
            return new Engines(dir, database, broker, "127.0.0.1:" + brokerPort);
        } catch (IOException e) {
            database.close();
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Markdown: the statements PostgreSQL spent the most time on in database {@code name} since
     * the last call (total execution time, calls, rows), then resets the counters.
     */
    String statementCosts(String name, int top) {
        StringBuilder md = new StringBuilder("| statement | calls | total ms | ms per call | rows |\n|---|---:|---:|---:|---:|\n");
        try (Connection c = connect(name); Statement s = c.createStatement()) {
            s.execute("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
            try (var r = s.executeQuery("""
                    SELECT regexp_replace(left(query, 160), '\\s+', ' ', 'g'), calls, total_exec_time, rows
                    FROM pg_stat_statements WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
                    ORDER BY total_exec_time DESC LIMIT""" + " " + top)) {
                while (r.next()) {
                    md.append(String.format(java.util.Locale.ROOT, "| `%s` | %,d | %,.0f | %.3f | %,d |%n", r.getString(1).replace("|", "\\|"),
                            r.getLong(2), r.getDouble(3), r.getDouble(3) / Math.max(1, r.getLong(2)), r.getLong(4)));
                }
            }
            s.execute("SELECT pg_stat_statements_reset()");
        } catch (SQLException e) {
            return "(pg_stat_statements not available: " + e.getMessage() + ")\n";
        }
        return md.toString();
    }

    /** A fresh, empty database {@code name}; the service's Flyway migrates it on start. */
    String createDatabase(String name) {
        try (Connection c = connect("postgres"); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("creating database " + name, e);
        }
        return jdbcUrl(name);
    }

    String jdbcUrl(String name) {
        return "jdbc:postgresql://127.0.0.1:" + database.port() + "/" + name;
    }

    Connection connect(String name) throws SQLException {
        return DriverManager.getConnection(jdbcUrl(name), database.username(), database.password());
    }

    String username() {
        return database.username();
    }

    String password() {
        return database.password();
    }

    void createTopic(String topic) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            admin.createTopics(List.of(new NewTopic(topic, PARTITIONS, (short) 1))).all().get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("creating topic " + topic, e);
        }
    }

    /**
     * CPU time of our PostgreSQL server: the postmaster (found by its data directory) with the
     * backends that already exited ({@code cutime + cstime}) and those alive now. Other PostgreSQL
     * servers on the machine (other builds' tests) are not counted.
     */
    long postgresCpuMillis() {
        String dataDir = dir.resolve("pg").toString();
        long millis = 0;
        long postmaster = -1;
        Map<Long, long[]> stats = new java.util.HashMap<>();
        try (var processes = Files.list(Path.of("/proc"))) {
            for (Path proc : processes.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit)).toList()) {
                try {
                    String stat = Files.readString(proc.resolve("stat"));
                    if (!stat.contains("(postgres)")) {
                        continue;
                    }
                    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    long pid = Long.parseLong(proc.getFileName().toString());
                    // ppid, utime, stime, cutime, cstime
                    stats.put(pid, new long[] {Long.parseLong(f[1]), Long.parseLong(f[11]), Long.parseLong(f[12]), Long.parseLong(f[13]), Long.parseLong(f[14])});
                    if (postmaster < 0 && Files.readString(proc.resolve("cmdline")).contains(dataDir)) {
                        postmaster = pid;
                    }
                } catch (IOException | RuntimeException e) {
                    // the process ended while we read it
                }
            }
        } catch (IOException e) {
            return 0;
        }
        long ticks = 0;
        for (Map.Entry<Long, long[]> process : stats.entrySet()) {
            long[] v = process.getValue();
            if (process.getKey() == postmaster) {
                ticks += v[1] + v[2] + v[3] + v[4];
            } else if (v[0] == postmaster) {
                ticks += v[1] + v[2];
            }
        }
        return ticks * 1000 / ServiceProcess.CLOCK_TICKS_PER_SECOND;
    }

    String postgresVersion() {
        try (Connection c = connect("postgres"); Statement s = c.createStatement(); var r = s.executeQuery("SHOW server_version")) {
            r.next();
            return r.getString(1);
        } catch (SQLException e) {
            return "unknown";
        }
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        broker.destroy();
        try {
            if (!broker.waitFor(30, TimeUnit.SECONDS)) {
                broker.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        database.close();
    }

    Path dir() {
        return dir;
    }
}
