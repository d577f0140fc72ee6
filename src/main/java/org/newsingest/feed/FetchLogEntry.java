package org.newsingest.feed;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;
import java.time.Instant;
import java.util.List;

/** One fetch of a feed, kept for operators ({@code GET /api/v1/feeds/{id}/fetches}). */
@Entity
@Table(name = "fetch_log")
public class FetchLogEntry extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "feed_id")
    public Long feedId;

    @Column(name = "fetched_at", insertable = false, updatable = false)
    public Instant fetchedAt;

    public String url;

    @Column(name = "http_status")
    public Integer httpStatus;

    public long bytes;

    @Column(name = "duration_ms")
    public long durationMs;

    /** {@code modified}, {@code not_modified}, {@code failed}, {@code rate_limited} or {@code gone}. */
    public String outcome;

    @Column(name = "error_code")
    public String errorCode;

    public String detail;

    @Column(name = "items_new")
    public int itemsNew;

    @Column(name = "items_seen")
    public int itemsSeen;

    /** Entries of this document that were refused or repaired; empty for most polls. */
    @JdbcTypeCode(SqlTypes.JSON)
    public List<EntryWarning> warnings = List.of();

    public static List<FetchLogEntry> newestFirst(long feedId, int limit) {
        return find("feedId = ?1 order by id desc", feedId).page(0, limit).list();
    }
}
