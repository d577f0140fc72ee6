package org.newsingest.store;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;
import org.newsingest.publish.ItemEvent;
import org.newsingest.tag.Topic;

/** One story as stored. Events are built from it but never carry the entity itself. */
@Entity
@Table(name = "item")
public class Item extends PanacheEntityBase {

    @Id
    public UUID id;

    /** Shared by every item judged to be the same story; equal to {@link #id} for the first one. */
    @Column(name = "story_id")
    public UUID storyId;

    /**
     * The story's first item, when this one is another outlet's copy of it under its own URL
     * (same URL-rule story key, or nearly the same text). Such an item publishes no events.
     */
    @Column(name = "duplicate_of")
    public UUID duplicateOf;

    /** The story key a URL rule read from the link, e.g. {@code rferl:33640001}. */
    @Column(name = "story_key")
    public String storyKey;

    /** The feed the item was first seen in. */
    @Column(name = "feed_id")
    public Long feedId;

    public String guid;

    public String url;

    @Column(name = "canonical_url")
    public String canonicalUrl;

    public String title;

    public String summary;

    @Column(name = "content_text")
    public String contentText;

    /** Where {@link #contentText} came from: the feed entry, or the article page (extract/). */
    @Column(name = "content_source")
    public String contentSource = FROM_FEED;

    public static final String FROM_FEED = "feed";
    public static final String FROM_PAGE = "page";

    /** The event's {@code extraction} object, or null when the page was never queued. Written by extract/. */
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(columnDefinition = "jsonb")
    public ItemEvent.Extraction extraction;

    public String author;

    public String language;

    @Column(name = "published_at")
    public Instant publishedAt;

    @Column(name = "updated_at")
    public Instant updatedAt;

    @Column(name = "first_seen_at")
    public Instant firstSeenAt;

    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(columnDefinition = "text[]")
    public List<String> categories = new ArrayList<>();

    /** Stored as a JSON array of {@code {id, label, labelEn, source, score}}, as in the event. */
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(columnDefinition = "jsonb")
    public List<Topic> topics = new ArrayList<>();

    /** Stored as a JSON array of {@code {url, type, length}}, as in the event. */
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(columnDefinition = "jsonb")
    public List<Enclosure> enclosures = new ArrayList<>();

    /** Hash over the fields whose change makes a new revision. */
    @Column(name = "content_hash")
    public String contentHash;

    public int revision = 1;

    /** A media file of the item; the same field names as the event's. */
    public record Enclosure(String url, String type, Long length) {}
}
