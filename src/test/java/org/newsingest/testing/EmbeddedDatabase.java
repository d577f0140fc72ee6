package org.newsingest.testing;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * A real PostgreSQL server from zonky's binaries, listening on loopback. Used by the tests and
 * by the local run; never part of the packaged service.
 */
public final class EmbeddedDatabase implements AutoCloseable {

    private final EmbeddedPostgres postgres;

    private EmbeddedDatabase(EmbeddedPostgres postgres) {
        this.postgres = postgres;
    }

    /** Starts PostgreSQL; with {@code dataDir} the data survives restarts, without it a temporary cluster is used. */
    public static EmbeddedDatabase start(Optional<Path> dataDir) {
        try {
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder();
            dataDir.ifPresent(dir -> builder.setDataDirectory(dir).setCleanDataDirectory(false));
            return new EmbeddedDatabase(builder.start());
        } catch (IOException e) {
            throw new UncheckedIOException("embedded PostgreSQL did not start", e);
        }
    }

    /** Starts PostgreSQL on {@code port} with its data in {@code dataDir}, kept across restarts (close, then start again). */
    public static EmbeddedDatabase start(Path dataDir, int port) {
        return start(dataDir, port, Map.of());
    }

    /** The same, with {@code serverConfig} given to the server ({@code postgres -c name=value}). */
    public static EmbeddedDatabase start(Path dataDir, int port, Map<String, String> serverConfig) {
        try {
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setDataDirectory(dataDir)
                    .setCleanDataDirectory(false)
                    .setPort(port);
            serverConfig.forEach(builder::setServerConfig);
            return new EmbeddedDatabase(builder.start());
        } catch (IOException e) {
            throw new UncheckedIOException("embedded PostgreSQL did not start", e);
        }
    }

    public String jdbcUrl() {
        return postgres.getJdbcUrl("postgres", "postgres");
    }

    public int port() {
        return postgres.getPort();
    }

    public String username() {
        return "postgres";
    }

    public String password() {
        return "postgres";
    }

    @Override
    public void close() {
        try {
            postgres.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
