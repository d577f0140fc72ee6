package org.newsingest.pipeline;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.SystemException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.newsingest.config.IngestConfig;
import org.newsingest.dedupe.Digests;
import org.newsingest.dedupe.IdentityKeys;
import org.newsingest.dedupe.IdentityPolicy;
import org.newsingest.dedupe.Revisions;
import org.newsingest.dedupe.StoryFingerprint;
import org.newsingest.feed.EntryWarning;
import org.newsingest.fetch.BodyBudget;
import org.newsingest.fetch.FeedFetcher;
import org.newsingest.fetch.FetchError;
import org.newsingest.fetch.FetchRequest;
import org.newsingest.fetch.FetchResult;
import org.newsingest.fetch.LogSafe;
import org.newsingest.normalize.ItemNormalizer;
import org.newsingest.normalize.NormalizedDocument;
import org.newsingest.normalize.NormalizedItem;
import org.newsingest.parse.FeedContext;
import org.newsingest.parse.FeedParser;
import org.newsingest.parse.ParseResult;
import org.newsingest.parse.ParsedFeed;
import org.newsingest.push.HubDiscovery;
import org.newsingest.push.Subscriptions;
import org.newsingest.store.ItemCandidate;
import org.newsingest.tag.TopicTagger;

/**
 * Polls one feed: fetch, parse, normalise, key, tag, then store and queue events in one
 * transaction. This is the only class that knows the order of the stages; no stage calls another.
 */
@ApplicationScoped
public class FeedPipeline {

    private final FeedFetcher fetcher;
    private final BodyBudget budget;
    private final FeedParser parser;
    private final ItemNormalizer normalizer;
    private final PollRecorder recorder;
    private final PreviewRehearsal rehearsal;
    private final TopicTagger tagger;
    private final MeterRegistry metrics;
    private final Subscriptions subscriptions;
    private final int maxEntriesPerDocument;

    FeedPipeline(FeedFetcher fetcher, BodyBudget budget, FeedParser parser, ItemNormalizer normalizer, PollRecorder recorder,
                 PreviewRehearsal rehearsal, TopicTagger tagger, MeterRegistry metrics, Subscriptions subscriptions, IngestConfig config) {
        this.fetcher = fetcher;
        this.budget = budget;
        this.parser = parser;
        this.normalizer = normalizer;
        this.recorder = recorder;
        this.rehearsal = rehearsal;
        this.tagger = tagger;
        this.metrics = metrics;
        this.subscriptions = subscriptions;
        this.maxEntriesPerDocument = config.poll().maxEntriesPerDocument();
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
        FetchResult fetched = fetcher.fetch(new FetchRequest(feed.url(), feed.etag(), feed.lastModified()));
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
            recorder.recordUnchanged(feed.id(), leaseToken, notModified.status(), 0, notModified.cacheHints(), Optional.empty(),
                    notModified.permanentRedirect(), elapsed);
            return PollSummary.NOTHING;
        }
        if (fetched instanceof FetchResult.RateLimited limited) {
            record(limited.outcome(), FetchError.RATE_LIMITED, elapsed);
            recorder.recordRateLimited(feed.id(), leaseToken, limited, elapsed);
            return PollSummary.NOTHING;
        }
        if (fetched instanceof FetchResult.Gone gone) {
            record(gone.outcome(), FetchError.GONE, elapsed);
            recorder.recordGone(feed.id(), leaseToken, gone.status(), elapsed);
            return PollSummary.NOTHING;
        }
        if (fetched instanceof FetchResult.Failed failed) {
            record(failed.outcome(), failed.error(), elapsed);
            recorder.recordFailure(feed.id(), leaseToken, failed.status(), failed.error(), failed.detail(), elapsed);
            return PollSummary.NOTHING;
        }
        FetchResult.Modified document = (FetchResult.Modified) fetched;

        String bodyHash = Digests.sha256(document.body());
        if (feed.bodyHash().filter(bodyHash::equals).isPresent()) {
            record("not_modified", null, elapsed);
            recorder.recordUnchanged(feed.id(), leaseToken, document.status(), document.body().length, document.cacheHints(), Optional.empty(),
                    document.permanentRedirect(), elapsed);
            return PollSummary.NOTHING;
        }

        ParseResult parsed = parser.parse(document.body(), FeedContext.of(document.contentType(), document.finalUrl()), maxEntriesPerDocument);
        if (parsed instanceof ParseResult.Failed failed) {
            record("failed", failed.error(), elapsed);
            recorder.recordFailure(feed.id(), leaseToken, document.status(), failed.error(), failed.detail(), elapsed);
            return PollSummary.NOTHING;
        }
        ParsedFeed parsedFeed = ((ParseResult.Parsed) parsed).feed();
        Optional<String> suspicion = suspiciouslyEmpty(parsedFeed.items().size(), feed.lastItemCount());
        if (suspicion.isPresent()) {
            // Publishers' CMS outages serve empty feeds; a quiet day is not the same as all items vanishing.
            record("failed", FetchError.SUSPICIOUS_EMPTY, elapsed);
            recorder.recordFailure(feed.id(), leaseToken, document.status(), FetchError.SUSPICIOUS_EMPTY, suspicion.get(), elapsed);
            return PollSummary.NOTHING;
        }
        record(document.outcome(), null, elapsed);

        Prepared prepared = prepare(parsedFeed, document.finalUrl(), feed.tags(), feed.identityPolicy());

        PollSummary summary;
        try {
            summary = recorder.recordDocument(feed.id(), leaseToken, document, bodyHash, prepared.document(), prepared.candidates(),
                    prepared.warnings(), elapsed);
        } catch (Exception e) {
            recordStoreFailure(feed.id(), leaseToken, document.status(), e, elapsed);
            return PollSummary.NOTHING;
        }
        countDecisions(summary);
        Log.debugf("feed %d polled: %d entries, %d new, %d revised", feed.id(), summary.entries(), summary.created(), summary.revised());
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
        Prepared prepared = prepare(((ParseResult.Parsed) parsed).feed(), topic, feed.tags(), feed.identityPolicy());
        Optional<PollSummary> stored = recorder.recordPush(feed.id(), body.length, prepared.candidates(), prepared.warnings(),
                Duration.ofNanos(System.nanoTime() - started));
        stored.ifPresent(this::countDecisions);
        return stored.<PushResult>map(PushResult.Stored::new).orElseGet(PushResult.FeedInactive::new);
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
        ParseResult parsed = parser.parse(document.body(), FeedContext.of(document.contentType(), document.finalUrl()), maxEntriesPerDocument);
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

    /** Key (under the feed's identity policy), fingerprint and tag every normalised entry. */
    private List<ItemCandidate> candidates(List<NormalizedItem> normalized, List<String> feedTags, IdentityPolicy policy) {
        IdentityKeys.Keyed keyed = IdentityKeys.of(normalized, policy);
        List<ItemCandidate> candidates = new ArrayList<>(normalized.size());
        for (int i = 0; i < normalized.size(); i++) {
            NormalizedItem item = normalized.get(i);
            candidates.add(new ItemCandidate(keyed.keys().get(i), policy, keyed.linkIdentifies().get(i),
                    keyed.guidCollides().get(i), item, Revisions.contentHash(item),
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
            recorder.recordFailure(feedId, leaseToken, status, FetchError.STORE_FAILED, detail, elapsed);
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
            return new Preview.Failed(limited.status(), FetchError.RATE_LIMITED.code(),
                    "the server asked to come back later" + limited.retryAt().map(at -> " (after " + at + ")").orElse(""));
        }
        if (fetched instanceof FetchResult.Gone gone) {
            return new Preview.Failed(gone.status(), FetchError.GONE.code(), "the publisher removed this feed (410 Gone)");
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
    private void record(String outcome, FetchError error, Duration elapsed) {
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
