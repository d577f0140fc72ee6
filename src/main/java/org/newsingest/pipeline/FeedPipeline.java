package org.newsingest.pipeline;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.SystemException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.newsingest.dedupe.Digests;
import org.newsingest.dedupe.EntryIdentity;
import org.newsingest.dedupe.IdentityKeys;
import org.newsingest.dedupe.IdentityPolicy;
import org.newsingest.dedupe.Revisions;
import org.newsingest.dedupe.StoryFingerprint;
import org.newsingest.feed.EntryWarning;
import org.newsingest.fetch.BodyBudget;
import org.newsingest.fetch.FeedFetcher;
import org.newsingest.feed.PollError;
import org.newsingest.fetch.FetchRequest;
import org.newsingest.fetch.FetchResult;
import org.newsingest.fetch.LogSafe;
import org.newsingest.filter.EntryFilter;
import org.newsingest.filter.FilteredEntry;
import org.newsingest.normalize.ItemNormalizer;
import org.newsingest.normalize.NormalizedDocument;
import org.newsingest.normalize.NormalizedItem;
import org.newsingest.parse.FeedContext;
import org.newsingest.parse.FeedParser;
import org.newsingest.parse.ParseResult;
import org.newsingest.parse.ParsedFeed;
import org.newsingest.push.HubDiscovery;
import org.newsingest.push.Subscriptions;
import org.newsingest.schedule.PollConfig;
import org.newsingest.store.ItemCandidate;
import org.newsingest.tag.TopicTagger;

/**
 * Polls one feed: fetch, parse, normalise, key, tag, then store and queue events in one
 * transaction. This is the only class that knows the order of the stages; no stage calls another.
 * Its length (over 400 lines) is the poll, push, backfill and preview flows kept side by side, which is
 * what lets one read the order of the stages in one file.
 */
@ApplicationScoped
public class FeedPipeline {

    private final FeedFetcher fetcher;
    private final BodyBudget budget;
    private final FeedParser parser;
    private final ItemNormalizer normalizer;
    private final PollRecorder recorder;
    private final PreviewRehearsal rehearsal;
    private final SitemapIndexes sitemapIndexes;
    private final RobotsSitemaps robotsSitemaps;
    private final TopicTagger tagger;
    private final MeterRegistry metrics;
    private final Subscriptions subscriptions;
    private final int maxEntriesPerDocument;

    FeedPipeline(FeedFetcher fetcher, BodyBudget budget, FeedParser parser, ItemNormalizer normalizer, PollRecorder recorder,
                 PreviewRehearsal rehearsal, SitemapIndexes sitemapIndexes, TopicTagger tagger, MeterRegistry metrics, Subscriptions subscriptions,
                 PollConfig poll, RobotsSitemaps robotsSitemaps) {
        this.fetcher = fetcher;
        this.robotsSitemaps = robotsSitemaps;
        this.budget = budget;
        this.parser = parser;
        this.normalizer = normalizer;
        this.recorder = recorder;
        this.rehearsal = rehearsal;
        this.sitemapIndexes = sitemapIndexes;
        this.tagger = tagger;
        this.metrics = metrics;
        this.subscriptions = subscriptions;
        this.maxEntriesPerDocument = poll.maxEntriesPerDocument();
    }

    /**
     * Polls the feed under the lease {@code leaseToken} (the {@code lease_owner} its claim wrote);
     * the result is recorded only while that lease is still held. Never throws for anything the
     * feed or the network did. The body's bytes stay reserved in the {@link BodyBudget} until the
     * document is parsed and stored.
     */
    public PollSummary poll(long feedId, String leaseToken) {
        try (BodyBudget.Hold body = budget.hold()) {
            return pollHolding(feedId, leaseToken);
        }
    }

    private PollSummary pollHolding(long feedId, String leaseToken) {
        Optional<FeedSnapshot> found = recorder.snapshot(feedId);
        if (found.isEmpty()) {
            recorder.releaseUnrecorded(feedId, leaseToken);
            return PollSummary.NOTHING;
        }
        FeedSnapshot feed = found.get();

        long started = System.nanoTime();
        FetchResult fetched = fetcher.fetch(new FetchRequest(feed.url(), feed.etag(), feed.lastModified(), feed.requestSettings()));
        Duration elapsed = Duration.ofNanos(System.nanoTime() - started);

        if (fetched instanceof FetchResult.Abandoned abandoned) {
            // Shutdown cut the fetch off: nothing is known about the feed, so nothing is recorded
            // against it. The scheduler releases the lease; the next claim polls it again.
            record(abandoned.outcome(), null, elapsed);
            Log.debugf("feed %d: %s", feed.id(), abandoned.detail());
            return PollSummary.NOTHING;
        }
        if (fetched instanceof FetchResult.NotModified notModified) {
            record("not_modified", null, elapsed);
            recorder.record(feed.id(), leaseToken,
                    new PollOutcome.Unchanged(notModified.status(), 0, notModified.cacheHints(), notModified.permanentRedirect(), elapsed));
            return PollSummary.NOTHING;
        }
        if (fetched instanceof FetchResult.RateLimited limited) {
            record(limited.outcome(), PollError.RATE_LIMITED, elapsed);
            recorder.record(feed.id(), leaseToken, new PollOutcome.RateLimited(limited, elapsed));
            return PollSummary.NOTHING;
        }
        if (fetched instanceof FetchResult.Gone gone) {
            record(gone.outcome(), PollError.GONE, elapsed);
            recorder.record(feed.id(), leaseToken, new PollOutcome.Gone(gone.status(), elapsed));
            return PollSummary.NOTHING;
        }
        if (fetched instanceof FetchResult.Failed failed) {
            record(failed.outcome(), failed.error(), elapsed);
            recorder.record(feed.id(), leaseToken, new PollOutcome.Failed(failed.status(), failed.error(), failed.detail(), elapsed));
            return PollSummary.NOTHING;
        }
        FetchResult.Modified document = (FetchResult.Modified) fetched;

        String bodyHash = Digests.sha256(document.body());
        if (feed.bodyHash().filter(bodyHash::equals).isPresent()) {
            record("not_modified", null, elapsed);
            recorder.record(feed.id(), leaseToken, new PollOutcome.Unchanged(document.status(), document.body().length, document.cacheHints(),
                    document.permanentRedirect(), elapsed));
            return PollSummary.NOTHING;
        }

        ParseResult parsed = sitemapIndexes.expand(parser.parse(document.body(), FeedContext.of(document.contentType(), document.finalUrl()),
                maxEntriesPerDocument));
        if (parsed instanceof ParseResult.Failed failed) {
            record("failed", failed.error(), elapsed);
            recorder.record(feed.id(), leaseToken, new PollOutcome.Failed(document.status(), failed.error(), failed.detail(), elapsed));
            return PollSummary.NOTHING;
        }
        ParsedFeed parsedFeed = ((ParseResult.Parsed) parsed).feed();
        Optional<String> suspicion = suspiciouslyEmpty(parsedFeed.items().size(), feed.lastItemCount());
        if (suspicion.isPresent()) {
            // Publishers' CMS outages serve empty feeds; a quiet day is not the same as all items vanishing.
            record("failed", PollError.SUSPICIOUS_EMPTY, elapsed);
            recorder.record(feed.id(), leaseToken, new PollOutcome.Failed(document.status(), PollError.SUSPICIOUS_EMPTY, suspicion.get(), elapsed));
            return PollSummary.NOTHING;
        }
        record(document.outcome(), null, elapsed);

        Prepared prepared = prepare(parsedFeed, document.finalUrl(), feed.tags(), feed.identityPolicy());
        Sorted sorted = sort(prepared.candidates(), EntryFilter.of(feed.filters()));

        PollSummary summary;
        try {
            summary = recorder.record(feed.id(), leaseToken, new PollOutcome.Document(document, bodyHash, prepared.document(), sorted.kept(),
                    sorted.dropped(), prepared.warnings(), elapsed));
        } catch (Exception e) {
            recordStoreFailure(feed.id(), leaseToken, document.status(), e, elapsed);
            return PollSummary.NOTHING;
        }
        countDecisions(summary);
        Log.debugf("feed %d polled: %d entries, %d new, %d revised", feed.id(), summary.entries(), summary.created(), summary.revised());
        if (summary.gap()) {
            Counter.builder("ingest_feed_gaps_total")
                    .description("polls whose document shared no entry with the feed's previous one and brought only new entries")
                    .register(metrics)
                    .increment();
        }
        summary.backfillSince().ifPresent(since -> backfill(feed, since, summary.gap()));
        offerHub(feed.id(), document, parsedFeed);
        return summary;
    }

    /** WebSub discovery: a hub the response or the document advertises is subscribed to (push.Subscriber sends the request). */
    private void offerHub(long feedId, FetchResult.Modified document, ParsedFeed parsedFeed) {
        if (!subscriptions.enabled()) {
            return;
        }
        try {
            HubDiscovery.discover(document.links(), parsedFeed.hubs(), parsedFeed.self(), document.finalUrl())
                    .ifPresent(advertised -> subscriptions.discovered(feedId, advertised));
        } catch (RuntimeException e) {
            // The poll is recorded; a subscription that could not be noted is tried at the next new document.
            Log.warnf("feed %d: its WebSub hub could not be noted: %s", feedId, LogSafe.text(String.valueOf(e.getMessage())));
        }
    }

    /**
     * A document a WebSub hub pushed for feed {@code feedId} (its signature already checked): the
     * same stages as a poll's document, under the same limits: parse, normalise, key, tag, then
     * store and queue events through the poll's recorder, so a pushed story and a polled one are
     * one story with one {@code created} event. {@code topic} is the document's URL.
     */
    public PushResult push(long feedId, byte[] body, Optional<String> contentType, URI topic) {
        long started = System.nanoTime();
        Optional<FeedSnapshot> found = recorder.snapshot(feedId);
        if (found.isEmpty()) {
            return new PushResult.FeedInactive();
        }
        FeedSnapshot feed = found.get();
        ParseResult parsed = parser.parse(body, FeedContext.of(contentType.map(type -> LogSafe.text(type, 200)), topic));
        if (parsed instanceof ParseResult.Failed failed) {
            return new PushResult.Refused(failed.error(), failed.detail());
        }
        if (!(parsed instanceof ParseResult.Parsed document)) {
            // A hub distributes feeds; an index of sitemaps is no feed document to store.
            return new PushResult.Refused(PollError.NOT_A_FEED, "a pushed document must be a feed, not a sitemap index");
        }
        Prepared prepared = prepare(document.feed(), topic, feed.tags(), feed.identityPolicy());
        Sorted sorted = sort(prepared.candidates(), EntryFilter.of(feed.filters()));
        Optional<PollSummary> stored = recorder.recordPush(feed.id(), body.length, sorted.kept(), sorted.dropped(), prepared.warnings(),
                Duration.ofNanos(System.nanoTime() - started));
        stored.ifPresent(this::countDecisions);
        return stored.<PushResult>map(PushResult.Stored::new).orElseGet(PushResult.FeedInactive::new);
    }

    /** How much earlier than the last good poll a sitemap entry may be dated and still be read: publication dates are not poll times. */
    static final Duration BACKFILL_MARGIN = Duration.ofHours(1);

    /**
     * After a gap or a downtime: the entries of the feed's sitemap published since the last good
     * poll (less {@link #BACKFILL_MARGIN}; undated ones too), through the same stages and store
     * as a poll's. Entries the feed already brought are sightings of their items, so nothing is
     * published twice. A gap in a feed that names no sitemap reads the news sitemap its site's
     * robots.txt lists ({@link RobotsSitemaps}); without one the gap is only recorded.
     */
    private void backfill(FeedSnapshot feed, Instant since, boolean gap) {
        Optional<URI> named = feed.sitemapUrl().or(() -> gap ? robotsSitemaps.newsSitemapOf(feed.url()) : Optional.empty());
        if (named.isEmpty()) {
            return;
        }
        URI sitemapUrl = named.get();
        long started = System.nanoTime();
        Optional<ParsedFeed> sitemap = sitemapIndexes.read(sitemapUrl);
        Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
        String why = gap ? "after a gap" : "after a downtime longer than the feed's window";
        if (sitemap.isEmpty()) {
            recorder.recordBackfillFailure(feed.id(), "the sitemap " + LogSafe.url(sitemapUrl) + " could not be read " + why, elapsed);
            return;
        }
        Instant from = since.minus(BACKFILL_MARGIN);
        Prepared prepared = prepare(sitemap.get(), sitemapUrl, feed.tags(), feed.identityPolicy());
        List<ItemCandidate> recent = prepared.candidates().stream()
                .filter(candidate -> candidate.item().published().map(published -> !published.isBefore(from)).orElse(true))
                .toList();
        Sorted sorted = sort(recent, EntryFilter.of(feed.filters()));
        try {
            PollSummary stored = recorder.recordBackfill(feed.id(), sorted.kept(), sorted.dropped(), recent.size() + " entries published since "
                    + from + " read from the sitemap " + LogSafe.url(sitemapUrl) + " " + why, elapsed);
            countDecisions(stored);
        } catch (Exception e) {
            Log.warnf("feed %d: the sitemap backfill could not be stored (%s); the next gap or downtime reads it again", feed.id(),
                    LogSafe.text(String.valueOf(e.getMessage()), 200));
        }
    }

    /**
     * Runs every stage for {@code url} as a poll would, storing included, and rolls the storing
     * back: the decisions and events shown are exactly those a poll would make now.
     */
    public Preview preview(URI url) {
        try (BodyBudget.Hold body = budget.hold()) {
            return previewHolding(url);
        }
    }

    private Preview previewHolding(URI url) {
        FetchResult fetched = fetcher.fetch(FetchRequest.unconditional(url));
        if (!(fetched instanceof FetchResult.Modified document)) {
            return failedPreview(fetched);
        }
        ParseResult parsed = sitemapIndexes.expand(parser.parse(document.body(), FeedContext.of(document.contentType(), document.finalUrl()),
                maxEntriesPerDocument));
        if (parsed instanceof ParseResult.Failed failed) {
            return new Preview.Failed(document.status(), failed.error().code(), failed.detail());
        }
        ParsedFeed parsedFeed = ((ParseResult.Parsed) parsed).feed();
        Optional<FeedSnapshot> subscription = rehearsal.subscription(url);
        List<String> tags = subscription.map(FeedSnapshot::tags).orElse(List.of());
        Prepared prepared = prepare(parsedFeed, document.finalUrl(), tags,
                subscription.map(FeedSnapshot::identityPolicy).orElse(IdentityPolicy.GUID));
        try {
            return rehearsal.rehearse(url, document.finalUrl(), subscription.map(FeedSnapshot::id), prepared.document(), prepared.candidates());
        } catch (SystemException e) {
            throw new IllegalStateException("the transaction manager refused a rollback-only mark", e);
        }
    }

    /**
     * A document ready to store: its title normalised, and its first entries (at most
     * {@code ingest.poll.max-entries-per-document}) cleaned, keyed, fingerprinted and tagged, with
     * a warning for every entry that was repaired or refused.
     */
    private record Prepared(ParsedFeed document, List<ItemCandidate> candidates, List<EntryWarning> warnings) {}

    private Prepared prepare(ParsedFeed parsedFeed, URI documentUrl, List<String> feedTags, IdentityPolicy policy) {
        NormalizedDocument normalized = normalizer.normalize(parsedFeed, documentUrl, maxEntriesPerDocument);
        return new Prepared(parsedFeed.withTitle(normalized.title()), candidates(normalized.items(), feedTags, policy), normalized.warnings());
    }

    /** A document's candidates after the feed's filters: those kept, and those dropped with the rule that dropped each. */
    private record Sorted(List<ItemCandidate> kept, List<FilteredEntry> dropped) {}

    private static Sorted sort(List<ItemCandidate> candidates, EntryFilter filter) {
        List<ItemCandidate> kept = new ArrayList<>(candidates.size());
        List<FilteredEntry> dropped = new ArrayList<>();
        for (ItemCandidate candidate : candidates) {
            Optional<String> reason = filter.dropReason(candidate.item());
            if (reason.isPresent()) {
                dropped.add(new FilteredEntry(candidate.identityKey(), candidate.item().url(), candidate.item().title(), reason.get()));
            } else {
                kept.add(candidate);
            }
        }
        return new Sorted(kept, dropped);
    }

    /** Key (under the feed's identity policy), fingerprint and tag every normalised entry. */
    private List<ItemCandidate> candidates(List<NormalizedItem> normalized, List<String> feedTags, IdentityPolicy policy) {
        List<EntryIdentity> identities = IdentityKeys.of(normalized, policy);
        List<ItemCandidate> candidates = new ArrayList<>(normalized.size());
        for (int i = 0; i < normalized.size(); i++) {
            NormalizedItem item = normalized.get(i);
            candidates.add(new ItemCandidate(identities.get(i), item, Revisions.contentHash(item),
                    StoryFingerprint.of(StoryFingerprint.textOf(item)), tagger.tag(item, feedTags)));
        }
        return candidates;
    }

    /**
     * The document could not be stored as a whole (database down, transaction timeout, an
     * unexpected store error): recorded as the feed's failure, with backoff, in a transaction of
     * its own. If even that fails, the lease runs out and the feed is polled again.
     */
    private void recordStoreFailure(long feedId, String leaseToken, int status, Exception failure, Duration elapsed) {
        Throwable cause = failure;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        String detail = "the document could not be stored: " + cause.getClass().getSimpleName()
                + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
        Log.warnf(failure, "feed %d: %s", feedId, LogSafe.text(detail));
        try {
            recorder.record(feedId, leaseToken, new PollOutcome.Failed(status, PollError.STORE_FAILED, detail, elapsed));
        } catch (Exception e) {
            Log.errorf("feed %d: the store failure could not be recorded either (%s); the feed is polled again when its lease ends",
                    feedId, LogSafe.text(String.valueOf(e.getMessage())));
        }
    }

    /** {@code ingest_items_total{decision}}: what the store made of each entry of committed polls. */
    private void countDecisions(PollSummary summary) {
        count("new", summary.created());
        count("revision", summary.revised());
        count("sighting", summary.sighted());
        count("duplicate", summary.duplicates());
    }

    private void count(String decision, int items) {
        if (items > 0) {
            Counter.builder("ingest_items_total")
                    .description("entries stored by polls, by the store's decision: new story, revision, sighting of a stored item, another outlet's duplicate")
                    .tag("decision", decision)
                    .register(metrics)
                    .increment(items);
        }
    }

    private static Preview.Failed failedPreview(FetchResult fetched) {
        if (fetched instanceof FetchResult.Failed failed) {
            return new Preview.Failed(failed.status(), failed.error().code(), failed.detail());
        }
        if (fetched instanceof FetchResult.RateLimited limited) {
            return new Preview.Failed(limited.status(), PollError.RATE_LIMITED.code(),
                    "the server asked to come back later" + limited.retryAt().map(at -> " (after " + at + ")").orElse(""));
        }
        if (fetched instanceof FetchResult.Gone gone) {
            return new Preview.Failed(gone.status(), PollError.GONE.code(), "the publisher removed this feed (410 Gone)");
        }
        return new Preview.Failed(fetched.status(), fetched.outcome(), "the server answered an unconditional request with " + fetched.status());
    }

    /**
     * A document without items where the last one had items is suspicious: recorded as a failure
     * ({@code suspicious_empty}), so nothing is stored and the validators stay as they were.
     */
    static Optional<String> suspiciouslyEmpty(int items, Optional<Integer> lastItemCount) {
        if (items > 0 || lastItemCount.filter(n -> n > 0).isEmpty()) {
            return Optional.empty();
        }
        return Optional.of("the document has no items, the last one had " + lastItemCount.get());
    }

    /** One poll's fetch, counted and timed under its final outcome and error code. */
    private void record(String outcome, PollError error, Duration elapsed) {
        String code = error == null ? "none" : error.code();
        Counter.builder("ingest_fetch_total")
                .description("feed fetches, by outcome and error code")
                .tag("outcome", outcome)
                .tag("error", code)
                .register(metrics)
                .increment();
        Timer.builder("ingest_fetch_duration")
                .description("time to fetch a feed document, by outcome")
                .tag("outcome", outcome)
                .tag("error", code)
                .publishPercentileHistogram()
                .register(metrics)
                .record(elapsed);
    }
}
