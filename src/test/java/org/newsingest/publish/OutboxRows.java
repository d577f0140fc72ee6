package org.newsingest.publish;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.persistence.EntityManager;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;

/** What the relay tests read of the outbox and of the records the relay sends. */
final class OutboxRows {

    private OutboxRows() {}

    /** How many first-publication rows of the feed's items are in each status. */
    static Map<String, Long> statuses(EntityManager entityManager, int feedId) {
        return QuarkusTransaction.requiringNew().call(() -> {
            @SuppressWarnings("unchecked")
            List<Object[]> rows = entityManager.createNativeQuery("""
                    SELECT e.status, count(*) FROM outbox_event e JOIN item i ON i.id = e.item_id
                    WHERE i.feed_id = :feed AND e.replay_job_id IS NULL GROUP BY e.status
                    """).setParameter("feed", feedId).getResultList();
            Map<String, Long> statuses = new HashMap<>();
            rows.forEach(r -> statuses.put((String) r[0], ((Number) r[1]).longValue()));
            return statuses;
        });
    }

    /** Whether the record is an event of the feed served at {@code path}. */
    static boolean isOf(ProducerRecord<String, byte[]> record, String path) {
        var source = record.headers().lastHeader("ce_source");
        return source != null && new String(source.value(), StandardCharsets.UTF_8).endsWith(path);
    }
}
