package org.newsingest.push;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Optional;
import org.hibernate.annotations.DynamicUpdate;

/** A feed's WebSub subscription at one hub (table {@code websub_subscription}, V30). */
@Entity
@Table(name = "websub_subscription")
@DynamicUpdate
public class Subscription extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "feed_id")
    public long feedId;

    /** The last path segment of the callback URL: 128 random bits, base64url. */
    @Column(name = "callback_id")
    public String callbackId;

    public String secret;

    @Column(name = "hub_url")
    public String hubUrl;

    @Column(name = "topic_url")
    public String topicUrl;

    public SubscriptionState state = SubscriptionState.REQUESTED;

    @Column(name = "lease_seconds")
    public Integer leaseSeconds;

    @Column(name = "lease_expires_at")
    public Instant leaseExpiresAt;

    @Column(name = "confirmed_at")
    public Instant confirmedAt;

    @Column(name = "verified_at")
    public Instant verifiedAt;

    @Column(name = "last_push_at")
    public Instant lastPushAt;

    @Column(name = "last_error")
    public String lastError;

    @Column(name = "next_action_at")
    public Instant nextActionAt;

    public int attempts;

    @Column(name = "created_at", insertable = false, updatable = false)
    public Instant createdAt;

    static Optional<Subscription> findByCallback(String callbackId) {
        return find("callbackId", callbackId).firstResultOptional();
    }

    static Optional<Subscription> findByFeed(long feedId) {
        return find("feedId", feedId).firstResultOptional();
    }
}
