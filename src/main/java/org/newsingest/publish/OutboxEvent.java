package org.newsingest.publish;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** An event waiting to be sent, or a record that it was. Written in the item's own transaction. */
@Entity
@Table(name = "outbox_event")
public class OutboxEvent extends PanacheEntityBase {

    public static final String PENDING = "pending";
    public static final String SENT = "sent";
    public static final String DEAD = "dead";
    /** Sent to the main topic, refused for good by a routed topic (its reason names the topic). */
    public static final String PARKED = "parked";

    /** Taken by {@link Outbox#persist} from the table's sequence: the relay sends an item's events in this order. */
    @Id
    public Long id;

    /** CloudEvents id: the same on every re-send, so consumers can drop duplicates. */
    @Column(name = "event_id")
    public UUID eventId;

    @Column(name = "item_id")
    public UUID itemId;

    @Column(name = "event_type")
    public String eventType;

    /** CloudEvents source: the URL of the feed the item came from. */
    public String source;

    /** CloudEvents subject: the item id. */
    public String subject;

    /** Comma-separated topic ids, sent as the {@code news_topics} header. */
    public String topics;

    /** The JSON body, serialised once so every re-send carries the same bytes. */
    public String payload;

    @Column(name = "created_at")
    public Instant createdAt;

    public String status = PENDING;

    public int attempts;

    @Column(name = "next_attempt_at")
    public Instant nextAttemptAt;

    @Column(name = "claimed_until")
    public Instant claimedUntil;

    @Column(name = "sent_at")
    public Instant sentAt;

    @Column(name = "last_error")
    public String lastError;

    /** When the row entered the outbox; a replayed copy keeps the original {@link #createdAt}. */
    @Column(name = "queued_at")
    public Instant queuedAt;

    /** The replay job that queued this copy of an earlier event, or null for an original event. */
    @Column(name = "replay_job_id")
    public Long replayJobId;
}
