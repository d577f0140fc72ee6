package org.newsingest.store;

import jakarta.persistence.EntityManager;
import java.util.List;
import java.util.function.Function;
import org.hibernate.Session;
import org.hibernate.StatelessSession;

/**
 * The hot path's writes: rows inserted and updated through a {@link StatelessSession} on the
 * caller's transaction and connection, in JDBC batches ({@code quarkus.hibernate-orm.jdbc.statement-batch-size}),
 * without the entity life cycle (no persistence context, no dirty checking, no flush). The
 * entities stay the mapping; queries, the API and the admin paths keep using them as entities.
 */
public final class Rows {

    private Rows() {}

    /** Inserts {@code rows} now, in list order, batched. */
    public static void insert(EntityManager entityManager, List<?> rows) {
        if (!rows.isEmpty()) {
            stateless(entityManager, session -> {
                session.insertMultiple(rows);
                return null;
            });
        }
    }

    /** Runs {@code work} in a stateless session on the current transaction's connection; what it reads stays detached. */
    static <T> T stateless(EntityManager entityManager, Function<StatelessSession, T> work) {
        Session session = entityManager.unwrap(Session.class);
        return session.doReturningWork(connection -> {
            try (StatelessSession stateless = session.getSessionFactory().withStatelessOptions().connection(connection).openStatelessSession()) {
                return work.apply(stateless);
            }
        });
    }
}
