package org.newsingest.store;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** One (feed, identity key) under which an item was seen, and why it was judged to be that item. */
@Entity
@Table(name = "item_sighting")
public class ItemSighting extends PanacheEntityBase {

    /** From a pooled sequence, so a document's sightings are inserted in JDBC batches. */
    @Id
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "item_sighting_id")
    @SequenceGenerator(name = "item_sighting_id", sequenceName = "item_sighting_id_seq", allocationSize = 50)
    public Long id;

    @Column(name = "item_id")
    public UUID itemId;

    @Column(name = "feed_id")
    public Long feedId;

    @Column(name = "identity_key")
    public String identityKey;

    public String guid;

    public String url;

    /** {@link MatchReason} wire name. */
    @Column(name = "match_reason")
    public String matchReason;

    @Column(name = "seen_at", insertable = false, updatable = false)
    public Instant seenAt;

    public static Optional<ItemSighting> findByIdentity(long feedId, String identityKey) {
        return find("feedId = ?1 and identityKey = ?2", feedId, identityKey).firstResultOptional();
    }

    public static List<ItemSighting> listForItem(UUID itemId) {
        return list("itemId = ?1 order by id", itemId);
    }
}
