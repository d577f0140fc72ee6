package org.newsingest.feed;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.hibernate.annotations.DynamicUpdate;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;
import org.newsingest.fetch.LogSafe;
import org.newsingest.filter.FeedFilters;

/** A feed under watch, with its polling state. */
/*
 * Only changed columns are written: a poll's recording (schedule, validators, lease) and an API
 * change (pause, tags, interval) touch different columns of the same row, and neither may write
 * back the other's old values.
 */
@Entity
@Table(name = "feed")
@DynamicUpdate
public class Feed extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    /** The URL as the subscriber gave it (or as a confirmed permanent redirect changed it). */
    public String url;

    /** The URL in canonical form: two subscriptions to the same feed collide on it. */
    @Column(name = "normalized_url")
    public String normalizedUrl;

    public String title;

    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(columnDefinition = "text[]")
    public List<String> tags = new ArrayList<>();

    @Column(name = "poll_interval_seconds")
    public Integer pollIntervalSeconds;

    public FeedState state = FeedState.ACTIVE;

    /** {@code api} or {@code file}: feeds from the feeds file are removed when the file drops them. */
    public String origin = "api";

    public String etag;

    @Column(name = "last_modified")
    public String lastModified;

    @Column(name = "body_hash")
    public String bodyHash;

    @Column(name = "next_poll_at")
    public Instant nextPollAt;

    @Column(name = "lease_until")
    public Instant leaseUntil;

    @Column(name = "lease_owner")
    public String leaseOwner;

    @Column(name = "consecutive_failures")
    public int consecutiveFailures;

    @Column(name = "last_fetched_at")
    public Instant lastFetchedAt;

    @Column(name = "last_status")
    public Integer lastStatus;

    @Column(name = "last_error")
    public String lastError;

    @Column(name = "last_error_detail")
    public String lastErrorDetail;

    @Column(name = "last_item_count")
    public Integer lastItemCount;

    @Column(name = "pending_redirect_url")
    public String pendingRedirectUrl;

    @Column(name = "created_at", insertable = false, updatable = false)
    public Instant createdAt;

    @Column(name = "deleted_at")
    public Instant deletedAt;

    /** How entries are keyed ({@code guid}, {@code url}, {@code content}); the store switches it (dedupe.IdentityPolicy). */
    @Column(name = "identity_policy")
    public String identityPolicy = "guid";

    /** Whether new stories' article pages are fetched for their body (extract/); {@code "extract": false} turns it off. */
    public boolean extract = true;

    /** Keep and block rules for the feed's entries (filter.EntryFilter); null when it has none. */
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(columnDefinition = "jsonb")
    public FeedFilters filters;

    /** Entries its filters dropped, all time (each entry counted once). */
    @Column(name = "filtered_count")
    public long filteredCount;

    /** The feed's own request headers, sealed by {@link HeaderSecrets}: never shown, logged or published. */
    @Column(name = "request_headers")
    public String requestHeaders;

    /** The names of {@link #requestHeaders}: all the API shows of them. */
    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(name = "request_header_names", columnDefinition = "text[]")
    public List<String> requestHeaderNames = new ArrayList<>();

    /** A User-Agent sent in place of the service's; null for the service's. */
    @Column(name = "user_agent")
    public String userAgent;

    /** The web page (normalized) a listing named when discovery subscribed this feed from it; null when the feed itself was named. */
    @Column(name = "listed_url")
    public String listedUrl;

    /** The feed's own proxy URL, sealed by {@link HeaderSecrets} (its credentials are secrets); null for the service's. */
    @Column(name = "proxy")
    public String proxy;

    /** {@link #proxy} as the API shows it: credentials replaced by {@code ***}. */
    @Column(name = "proxy_shown")
    public String proxyShown;

    /** The outlet's news sitemap, read for missed entries after a gap or a downtime; null for none. */
    @Column(name = "sitemap_url")
    public String sitemapUrl;

    /** Polls whose document shared no entry with the previous one and brought only new entries (pipeline.GapRule). */
    @Column(name = "gap_count")
    public int gapCount;

    @Column(name = "last_gap_at")
    public Instant lastGapAt;

    /** The last poll that succeeded (a new document, a 304 or an unchanged body). */
    @Column(name = "last_good_poll_at")
    public Instant lastGoodPollAt;

    /** The identity keys of the last non-empty document: what the next one is compared with. */
    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(name = "last_entry_keys", columnDefinition = "text[]")
    public List<String> lastEntryKeys;

    /** The span of publication dates the last document covered, in seconds. */
    @Column(name = "window_seconds")
    public Long windowSeconds;

    public Optional<Duration> pollInterval() {
        return Optional.ofNullable(pollIntervalSeconds).map(Duration::ofSeconds);
    }

    public static Optional<Feed> findLive(long id) {
        // By id, not a query: the persistence context is asked first, and no query plan is run.
        return Optional.ofNullable(Feed.<Feed>findById(id)).filter(feed -> feed.deletedAt == null);
    }

    public static Optional<Feed> findByNormalizedUrl(String normalizedUrl) {
        return find("normalizedUrl", normalizedUrl).firstResultOptional();
    }

    public static List<Feed> listLive() {
        return list("deletedAt is null order by id");
    }

    /**
     * A poll succeeded (a new document, a 304 or an unchanged body): its failures are forgotten, a
     * failing or challenged feed is active again, and the poll's lease is given back.
     */
    public void pollSucceeded(int status, Instant nextPoll, Instant now) {
        lastFetchedAt = now;
        lastGoodPollAt = now;
        lastStatus = status;
        lastError = null;
        lastErrorDetail = null;
        consecutiveFailures = 0;
        if (state == FeedState.FAILING || state == FeedState.CHALLENGED) {
            state = FeedState.ACTIVE;
        }
        nextPollAt = nextPoll;
        releaseLease();
    }

    /**
     * A poll failed ({@code status} 0: no response): the failure is counted and noted. A bot
     * challenge marks an active or failing feed challenged, and any other failure ends that; an
     * active feed is failing after {@code failingAfter} failures in a row. The poll's lease is given back.
     */
    public void pollFailed(int status, PollError error, String detail, Instant nextPoll, Instant now, int failingAfter) {
        lastFetchedAt = now;
        lastStatus = status == 0 ? null : status;
        lastError = error.code();
        lastErrorDetail = detail == null ? null : LogSafe.text(detail, 1000);
        consecutiveFailures++;
        boolean challenged = error == PollError.BOT_CHALLENGE;
        if (challenged && (state == FeedState.ACTIVE || state == FeedState.FAILING)) {
            state = FeedState.CHALLENGED;
        } else if (!challenged && state == FeedState.CHALLENGED) {
            state = FeedState.ACTIVE;
        }
        if (state == FeedState.ACTIVE && consecutiveFailures >= failingAfter) {
            state = FeedState.FAILING;
        }
        nextPollAt = nextPoll;
        releaseLease();
    }

    /** The publisher removed the feed (410 Gone): a failure, after which the feed is no longer polled. */
    public void gone(int status, Instant now, int failingAfter) {
        pollFailed(status, PollError.GONE, "the publisher removed this feed (410 Gone); it is no longer polled", now, now, failingAfter);
        state = FeedState.GONE;
    }

    public void releaseLease() {
        leaseUntil = null;
        leaseOwner = null;
    }

    /**
     * The URL follows a 301/308 only once two polls in a row saw the same one (the fetcher reports
     * only https targets that passed the address guard). Returns a note for the fetch log when the
     * URL changed, so the change is on record in the feed's history.
     */
    public Optional<String> followPermanentRedirect(Optional<URI> target) {
        String seen = target.map(URI::toString).orElse(null);
        if (seen != null && seen.equals(pendingRedirectUrl) && !seen.equals(url)) {
            String note = "feed URL changed from " + LogSafe.url(url) + " to " + LogSafe.url(seen) + " after a permanent redirect on two polls in a row";
            url = seen;
            pendingRedirectUrl = null;
            return Optional.of(note);
        }
        pendingRedirectUrl = seen;
        return Optional.empty();
    }
}
