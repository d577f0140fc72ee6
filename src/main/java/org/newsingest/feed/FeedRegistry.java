package org.newsingest.feed;

import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.runtime.TransactionConfiguration;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.net.URI;
import java.net.URISyntaxException;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import org.hibernate.Session;
import org.newsingest.fetch.AddressGuard;
import org.newsingest.fetch.LogSafe;
import org.newsingest.fetch.OutboundProxy;
import org.newsingest.fetch.UrlSecrets;
import org.newsingest.filter.EntryFilter;
import org.newsingest.normalize.CanonicalUrl;
import org.newsingest.schedule.PollConfig;

/** Subscribing, changing and unsubscribing feeds, one by one or from a feed list. */
@ApplicationScoped
public class FeedRegistry {

    public static final String ORIGIN_API = "api";
    public static final String ORIGIN_FILE = "file";
    /** The rejection code of a filter that is not a valid pattern (a 400 in the API). */
    public static final String INVALID_FILTER = "invalid_filter";

    /** Serialises feed-list syncs of replicas starting together. */
    private static final long FEED_LIST_LOCK = 0x6e657773L;

    private static final Duration FIRST_POLL_SPREAD = Duration.ofMinutes(2);

    private final AddressGuard addressGuard;
    private final PollConfig poll;
    private final EntityManager entityManager;
    private final Event<FeedDue> due;
    private final HeaderSecrets secrets;

    FeedRegistry(AddressGuard addressGuard, PollConfig poll, EntityManager entityManager, Event<FeedDue> due, HeaderSecrets secrets) {
        this.addressGuard = addressGuard;
        this.secrets = secrets;
        this.poll = poll;
        this.entityManager = entityManager;
        this.due = due;
    }

    /**
     * Subscribes {@code entry}; the feed is polled at {@code firstPoll}. Reviving an unsubscribed
     * feed keeps its history. The URL is checked (address guard, DNS included) before any
     * transaction opens.
     */
    public SubscribeResult subscribe(FeedListEntry entry, String origin, Instant firstPoll) {
        Optional<SubscribeResult.Rejected> problem = problemWith(entry);
        if (problem.isPresent()) {
            return problem.get();
        }
        return store(entry, origin, firstPoll);
    }

    /** Why {@code entry} cannot be subscribed, if it cannot. */
    private Optional<SubscribeResult.Rejected> problemWith(FeedListEntry entry) {
        URI url;
        try {
            url = new URI(entry.url().strip());
        } catch (URISyntaxException e) {
            return Optional.of(new SubscribeResult.Rejected("invalid_url", "not a URL: " + e.getMessage()));
        }
        if (!url.isAbsolute()) {
            return Optional.of(new SubscribeResult.Rejected("invalid_url", "the feed URL must be absolute"));
        }
        if (UrlSecrets.hasUserInfo(url)) {
            // It would be published in every event's ce_source and shown by the unauthenticated reads.
            return Optional.of(new SubscribeResult.Rejected("credentials_in_url",
                    "the feed URL carries a user name or password (" + UrlSecrets.redacted(url) + "); give credentials as the feed's per-feed headers instead"));
        }
        // A host that does not resolve yet is no reason to refuse: the polls will report it.
        var refusal = addressGuard.check(url).filter(failed -> failed.error() != PollError.NETWORK_ERROR);
        if (refusal.isPresent()) {
            return Optional.of(new SubscribeResult.Rejected(refusal.get().error().code(), refusal.get().detail()));
        }
        if (CanonicalUrl.of(url.toString()).isEmpty()) {
            return Optional.of(new SubscribeResult.Rejected("invalid_url", "not an http(s) URL with a host"));
        }
        return entry.pollInterval().flatMap(this::checkInterval).or(() -> problemWith(entry.sources()))
                .or(() -> entry.sources().sitemapUrl().flatMap(this::problemWithSitemap));
    }

    /** Why a sitemap URL cannot be used: not an absolute http(s) URL, or an address the guard refuses ("" removes it). */
    private Optional<SubscribeResult.Rejected> problemWithSitemap(String sitemapUrl) {
        if (sitemapUrl.isBlank()) {
            return Optional.empty();
        }
        try {
            URI url = new URI(sitemapUrl.strip());
            if (CanonicalUrl.of(url.toString()).isEmpty()) {
                return Optional.of(new SubscribeResult.Rejected("invalid_sitemap_url", "sitemapUrl must be an absolute http(s) URL"));
            }
            return addressGuard.check(url).filter(failed -> failed.error() != PollError.NETWORK_ERROR)
                    .map(refused -> new SubscribeResult.Rejected(refused.error().code(), "sitemapUrl: " + refused.detail()));
        } catch (URISyntaxException e) {
            return Optional.of(new SubscribeResult.Rejected("invalid_sitemap_url", "sitemapUrl is not a URL: " + e.getMessage()));
        }
    }

    /** Why {@code sources} cannot be used: a filter that is not a valid RE2 pattern, a header that cannot be sent, a proxy that is not one. */
    private static Optional<SubscribeResult.Rejected> problemWith(SourceSettings sources) {
        return sources.filters().map(EntryFilter::compile)
                .filter(EntryFilter.Compiled.Invalid.class::isInstance)
                .map(invalid -> new SubscribeResult.Rejected(INVALID_FILTER, ((EntryFilter.Compiled.Invalid) invalid).rule().detail()))
                .or(() -> sources.headers().flatMap(RequestHeaders::problemWith).map(problem -> new SubscribeResult.Rejected("invalid_headers", problem)))
                .or(() -> sources.userAgent().filter(agent -> agent.length() > 500 || !RequestHeaders.isSendable(agent))
                        .map(agent -> new SubscribeResult.Rejected("invalid_headers", "userAgent must be printable text of at most 500 characters")))
                .or(() -> sources.proxy().filter(proxy -> !proxy.isBlank()).map(OutboundProxy::parse)
                        .filter(OutboundProxy.Parsed.Invalid.class::isInstance)
                        .map(invalid -> new SubscribeResult.Rejected("invalid_proxy", "proxy: " + ((OutboundProxy.Parsed.Invalid) invalid).reason())));
    }

    /** Stores an entry {@link #problemWith} accepted. */
    @Transactional
    SubscribeResult store(FeedListEntry entry, String origin, Instant firstPoll) {
        String url = entry.url().strip();
        String normalized = CanonicalUrl.of(url).orElseThrow();
        Optional<Feed> existing = Feed.findByNormalizedUrl(normalized);
        if (existing.isPresent() && existing.get().deletedAt == null) {
            return new SubscribeResult.AlreadySubscribed(existing.get());
        }
        return new SubscribeResult.Created(subscribe(existing.orElseGet(Feed::new), url, normalized, entry, origin, firstPoll));
    }

    /** What a listing says about a feed: its title (when it names one), tags, interval and source settings. */
    private void applyListing(Feed feed, FeedListEntry entry) {
        feed.title = entry.title().orElse(feed.title);
        feed.tags = new ArrayList<>(entry.tags());
        feed.pollIntervalSeconds = entry.pollIntervalSeconds();
        feed.extract = entry.extract();
        entry.page().flatMap(CanonicalUrl::of).ifPresent(page -> feed.listedUrl = page);
        applySources(feed, entry.sources());
    }

    /** The settings {@code sources} names; those it leaves empty stay as they are. The feed has its id (headers are sealed to it). */
    private void applySources(Feed feed, SourceSettings sources) {
        sources.filters().ifPresent(filters -> feed.filters = filters.isEmpty() ? null : filters);
        sources.userAgent().ifPresent(agent -> feed.userAgent = agent.isBlank() ? null : agent.strip());
        sources.sitemapUrl().ifPresent(sitemap -> feed.sitemapUrl = sitemap.isBlank() ? null : sitemap.strip());
        sources.proxy().ifPresent(proxy -> {
            // Sealed like the headers: the URL may carry the proxy's credentials.
            feed.proxy = proxy.isBlank() ? null : secrets.seal(feed.id, Map.of(HeaderSecrets.PROXY, proxy.strip()));
            feed.proxyShown = OutboundProxy.ifValid(proxy).map(OutboundProxy::shown).orElse(null);
        });
        sources.headers().ifPresent(headers -> {
            feed.requestHeaders = secrets.seal(feed.id, headers);
            feed.requestHeaderNames = new ArrayList<>(new java.util.TreeSet<>(headers.keySet()));
        });
    }

    /** Makes {@code feed} (new, or unsubscribed before) a live subscription of {@code entry}. */
    private Feed subscribe(Feed feed, String url, String normalized, FeedListEntry entry, String origin, Instant firstPoll) {
        feed.url = url;
        feed.normalizedUrl = normalized;
        feed.origin = origin;
        feed.state = FeedState.ACTIVE;
        feed.deletedAt = null;
        feed.consecutiveFailures = 0;
        feed.nextPollAt = firstPoll;
        feed.persist();
        applyListing(feed, entry);
        if (!firstPoll.isAfter(Instant.now())) {
            due.fire(new FeedDue(feed.id));
        }
        return feed;
    }

    /** Applies the non-empty parts of {@code change}. */
    @Transactional
    public Optional<SubscribeResult> update(long id, Optional<String> title, Optional<List<String>> tags, Optional<Duration> pollInterval, Optional<Boolean> enabled) {
        return update(id, title, tags, pollInterval, enabled, SourceSettings.NONE);
    }

    /** Applies the non-empty parts of {@code change}, source settings included. */
    @Transactional
    public Optional<SubscribeResult> update(long id, Optional<String> title, Optional<List<String>> tags, Optional<Duration> pollInterval,
                                            Optional<Boolean> enabled, SourceSettings sources) {
        Optional<Feed> found = Feed.findLive(id);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        Optional<SubscribeResult.Rejected> badInterval = pollInterval.flatMap(this::checkInterval).or(() -> problemWith(sources))
                .or(() -> sources.sitemapUrl().flatMap(this::problemWithSitemap));
        if (badInterval.isPresent()) {
            return Optional.of(badInterval.get());
        }
        Feed feed = found.get();
        applySources(feed, sources);
        title.ifPresent(t -> feed.title = t);
        tags.ifPresent(t -> feed.tags = new ArrayList<>(t));
        pollInterval.ifPresent(d -> feed.pollIntervalSeconds = (int) d.toSeconds());
        enabled.ifPresent(on -> {
            if (!on && feed.state != FeedState.GONE) {
                feed.state = FeedState.PAUSED;
            } else if (on && feed.state == FeedState.PAUSED) {
                feed.state = FeedState.ACTIVE;
                feed.nextPollAt = Instant.now();
                due.fire(new FeedDue(feed.id));
            }
        });
        return Optional.of(new SubscribeResult.Created(feed));
    }

    /** Turns fetching the article pages of the feed's new stories on or off ({@code "extract"} of PATCH). */
    @Transactional
    public Optional<Feed> setExtract(long id, boolean extract) {
        return Feed.findLive(id).map(feed -> {
            feed.extract = extract;
            return feed;
        });
    }

    /** Unsubscribes; the feed's items and identity keys stay. */
    @Transactional
    public boolean unsubscribe(long id) {
        return Feed.findLive(id).map(feed -> {
            feed.deletedAt = Instant.now();
            return true;
        }).orElse(false);
    }

    /** Makes the feed due now. A gone feed stays gone. */
    @Transactional
    public Optional<Feed> pollNow(long id) {
        return Feed.findLive(id).map(feed -> {
            feed.nextPollAt = Instant.now();
            due.fire(new FeedDue(feed.id));
            return feed;
        });
    }

    /**
     * Makes the file-managed feeds match {@code entries}: adds and updates them, and unsubscribes
     * file feeds the list no longer names. Feeds added through the API are left alone. First
     * polls are spread ({@link #firstPollOfListEntry}), so a large list never polls in one burst.
     * Returns the refused entries, each as "url: reason (code)".
     */
    public List<String> syncFeedList(List<FeedListEntry> entries) {
        List<FeedListEntry> accepted = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        for (FeedListEntry entry : entries) {
            Optional<SubscribeResult.Rejected> problem = problemWith(entry);
            if (problem.isPresent()) {
                String why = String.format("%s: %s (%s)", LogSafe.url(entry.url()), LogSafe.text(problem.get().detail()), problem.get().code());
                Log.warnf("feed list: skipped %s", why);
                skipped.add(why);
            } else {
                accepted.add(entry);
            }
        }
        applyFeedList(accepted);
        return skipped;
    }

    /**
     * One transaction, serialised across replicas that start together. The known feeds are read as
     * plain rows in one query, and only the feeds the list adds, revives, changes or drops are
     * loaded as entities: a restart with an unchanged list of 10,000 feeds writes nothing and keeps
     * no entity in the session (loading all 10,000 and dirty-checking them at the commit took about
     * 1.5 s of the service's start).
     */
    @Transactional
    @TransactionConfiguration(timeout = 600)
    void applyFeedList(List<FeedListEntry> entries) {
        entityManager.createNativeQuery("SELECT pg_advisory_xact_lock(:key)").setParameter("key", FEED_LIST_LOCK).getSingleResult();
        Map<String, KnownFeed> known = knownFeeds();
        Set<String> listed = new HashSet<>();
        for (FeedListEntry entry : entries) {
            String url = entry.url().strip();
            String normalized = CanonicalUrl.of(url).orElseThrow();
            if (!listed.add(normalized)) {
                continue; // listed twice: the first entry wins
            }
            KnownFeed feed = known.get(normalized);
            if (feed == null || !feed.live()) {
                subscribe(feed == null ? new Feed() : Feed.findById(feed.id()), url, normalized, entry, ORIGIN_FILE, firstPollOfListEntry(entry));
            } else if (feed.differsFrom(entry)) {
                applyListing(Feed.findById(feed.id()), entry);
            }
        }
        List<String> dropped = new ArrayList<>();
        for (KnownFeed feed : known.values()) {
            if (ORIGIN_FILE.equals(feed.origin()) && feed.live() && !listed.contains(feed.normalizedUrl())) {
                Feed.<Feed>findById(feed.id()).deletedAt = Instant.now();
                dropped.add(LogSafe.url(feed.url()));
            }
        }
        if (!dropped.isEmpty()) {
            Log.infof("feed list: unsubscribed %d feeds the list no longer names, e.g. %s", dropped.size(),
                    String.join(", ", dropped.subList(0, Math.min(5, dropped.size()))));
        }
    }

    /** A subscribed feed as the list sync compares it: its row, not its entity. */
    private record KnownFeed(long id, String url, String normalizedUrl, String title, List<String> tags, Integer pollIntervalSeconds,
                             boolean live, String origin, boolean extract) {

        /** Whether applying {@code entry} would change the feed's title, tags or interval. */
        boolean differsFrom(FeedListEntry entry) {
            // Source settings are not read into the row: a listing that names any is applied (few feeds have them).
            return !Objects.equals(entry.title().orElse(title), title) || !tags.equals(entry.tags())
                    || !Objects.equals(entry.pollIntervalSeconds(), pollIntervalSeconds) || entry.extract() != extract
                    || !entry.sources().isEmpty();
        }
    }

    /** Every feed by normalized URL, unsubscribed ones too: the unique normalized URL spans them, and re-listing one revives it. */
    private Map<String, KnownFeed> knownFeeds() {
        return entityManager.unwrap(Session.class).doReturningWork(connection -> {
            Map<String, KnownFeed> known = new HashMap<>();
            try (Statement query = connection.createStatement();
                 ResultSet rows = query.executeQuery(
                         "SELECT id, url, normalized_url, title, tags, poll_interval_seconds, deleted_at IS NULL, origin, extract FROM feed")) {
                while (rows.next()) {
                    known.put(rows.getString(3), new KnownFeed(rows.getLong(1), rows.getString(2), rows.getString(3), rows.getString(4),
                            List.of((String[]) rows.getArray(5).getArray()), rows.getObject(6, Integer.class), rows.getBoolean(7), rows.getString(8),
                            rows.getBoolean(9)));
                }
            }
            return known;
        });
    }

    /** The URLs a listing may name for a known feed, normalized: the feeds' own, and the web pages discovery subscribed feeds from. */
    public record KnownListings(Set<String> feeds, Map<String, String> pageToFeed) {}

    /** What {@link KnownListings} a listed URL may be found in: one found there needs no discovery. */
    @Transactional
    public KnownListings knownListings() {
        Set<String> feeds = new HashSet<>();
        Map<String, String> pages = new HashMap<>();
        for (Object[] row : entityManager.createQuery("SELECT f.normalizedUrl, f.url, f.listedUrl FROM Feed f", Object[].class).getResultList()) {
            feeds.add((String) row[0]);
            if (row[2] != null) {
                pages.putIfAbsent((String) row[2], (String) row[1]);
            }
        }
        return new KnownListings(feeds, pages);
    }

    /** Whether any feed was ever subscribed: the bundled list is loaded only into an empty database. */
    @Transactional
    public boolean isEmpty() {
        return Feed.count() == 0;
    }

    /**
     * The first poll of a feed that arrives with many others (a feed list, an OPML import): a
     * random time within min(its interval, {@link #FIRST_POLL_SPREAD}) from now. 10,000 feeds
     * then start at ~80 polls/s instead of all at once; one subscribed through the API is polled
     * at once instead.
     */
    public Instant firstPollOfListEntry(FeedListEntry entry) {
        Duration interval = entry.pollInterval().orElse(poll.defaultInterval());
        long spreadMillis = Math.max(1, Math.min(interval.toMillis(), FIRST_POLL_SPREAD.toMillis()));
        return Instant.now().plusMillis(ThreadLocalRandom.current().nextLong(spreadMillis));
    }

    private Optional<SubscribeResult.Rejected> checkInterval(Duration interval) {
        if (interval.compareTo(poll.minInterval()) < 0 || interval.compareTo(poll.maxInterval()) > 0) {
            return Optional.of(new SubscribeResult.Rejected("invalid_poll_interval",
                    "pollInterval must lie between " + poll.minInterval() + " and " + poll.maxInterval()));
        }
        return Optional.empty();
    }
}
