package org.newsingest.schedule;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.util.List;
import org.newsingest.config.IngestConfig;

/**
 * Claims due feeds for one instance. The lease is taken in a short transaction and expires in
 * database time, so no transaction stays open during the fetch, replicas never poll the same feed
 * at once, and a crashed instance's feeds are free again when the lease runs out.
 */
@ApplicationScoped
public class FeedClaimer {

    private final EntityManager entityManager;
    private final IngestConfig.Poll config;

    FeedClaimer(EntityManager entityManager, IngestConfig config) {
        this.entityManager = entityManager;
        this.config = config.poll();
    }

    @Transactional
    public List<Long> claimDue(int limit, String owner) {
        @SuppressWarnings("unchecked")
        List<Number> ids = entityManager.createNativeQuery("""
                UPDATE feed SET lease_until = now() + make_interval(secs => :leaseSeconds), lease_owner = :owner
                WHERE id IN (
                    SELECT id FROM feed
                    WHERE deleted_at IS NULL
                      AND state IN ('active', 'failing')
                      AND next_poll_at <= now()
                      AND (lease_until IS NULL OR lease_until < now())
                    ORDER BY next_poll_at
                    LIMIT :limit
                    FOR UPDATE SKIP LOCKED)
                RETURNING id
                """)
                .setParameter("leaseSeconds", config.lease().toSeconds())
                .setParameter("owner", owner)
                .setParameter("limit", limit)
                .getResultList();
        return ids.stream().map(Number::longValue).toList();
    }
}
