package org.newsingest.schedule;

import io.agroal.api.AgroalDataSource;
import io.quarkus.agroal.DataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

/**
 * The few statements that keep leases alive: the poll heartbeat, feed claims and releases, and
 * the relay's lease renewal. They run on a small pool of their own ({@code quarkus.datasource."control"}),
 * so a burst of polls or API reads holding every connection of the main pool cannot starve them,
 * each in a short transaction with {@code lock_timeout} and {@code statement_timeout}: a
 * heartbeat that cannot get a row in time fails and is tried again at the next beat, instead of
 * queueing behind a long store transaction while every other lease runs out.
 */
@ApplicationScoped
public class ControlPool {

    /** One unit of work on a control connection. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    private final AgroalDataSource dataSource;
    private final String lockTimeout;
    private final String statementTimeout;

    ControlPool(@DataSource("control") AgroalDataSource dataSource, ControlPoolConfig config) {
        this.dataSource = dataSource;
        this.lockTimeout = millis(config.lockTimeout());
        this.statementTimeout = millis(config.statementTimeout());
    }

    /** Runs {@code work} in one transaction of its own on the control pool; any failure rolls it back. */
    public <T> T inTransaction(Work<T> work) {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                try (Statement limits = connection.createStatement()) {
                    limits.execute("SET LOCAL lock_timeout = '" + lockTimeout + "'");
                    limits.execute("SET LOCAL statement_timeout = '" + statementTimeout + "'");
                }
                T result = work.run(connection);
                connection.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("control statement failed: " + e.getMessage(), e);
        }
    }

    private static String millis(Duration duration) {
        return Math.max(1, duration.toMillis()) + "ms";
    }
}
