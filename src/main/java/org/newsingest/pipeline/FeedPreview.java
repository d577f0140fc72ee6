package org.newsingest.pipeline;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.newsingest.dedupe.IdentityKeys;
import org.newsingest.dedupe.Revisions;
import org.newsingest.feed.Feed;
import org.newsingest.fetch.FeedFetcher;
import org.newsingest.fetch.FetchRequest;
import org.newsingest.fetch.FetchResult;
import org.newsingest.normalize.CanonicalUrl;
import org.newsingest.normalize.ItemNormalizer;
import org.newsingest.normalize.NormalizedItem;
import org.newsingest.parse.FeedContext;
import org.newsingest.parse.FeedParser;
import org.newsingest.parse.ParseResult;
import org.newsingest.parse.ParsedFeed;
import org.newsingest.parse.ParsedItem;
import org.newsingest.publish.EventType;
import org.newsingest.publish.ItemEvent;
import org.newsingest.publish.Outbox;
import org.newsingest.store.Item;
import org.newsingest.store.MatchReason;
import org.newsingest.tag.Topic;
import org.newsingest.tag.TopicTagger;

/**
 * Runs fetch, parse, normalise, key and tag for a URL exactly as {@link FeedPipeline} does, then
 * asks the database (read-only) what storing each item would decide, and builds the events that
 * would be published. Nothing is stored, no validator or poll state is touched, no event is queued.
 *
 * <p>Decisions mirror {@code ItemStore.save}: within a subscribed feed, an identity key already
 * seen is {@code unchanged} or a {@code revision} (content hash differs; event {@code updated});
 * otherwise a canonical URL already stored (or earlier in the same document) is a
 * {@code duplicate} (sighting, no event); anything else is {@code new} (event {@code created}).
 */
@ApplicationScoped
public class FeedPreview {

    private final FeedFetcher fetcher;
    private final FeedParser parser;
    private final ItemNormalizer normalizer;
    private final PreviewLookups lookups;
    private final Outbox outbox;
    private final ObjectMapper json;

    FeedPreview(FeedFetcher fetcher, FeedParser parser, ItemNormalizer normalizer, PreviewLookups lookups, Outbox outbox, ObjectMapper json) {
        this.fetcher = fetcher;
        this.parser = parser;
        this.normalizer = normalizer;
        this.lookups = lookups;
        this.outbox = outbox;
        this.json = json;
    }

    public sealed interface Outcome {}

    /** The fetch or the parse failed: a stable code and a detail, as recorded for polled feeds. */
    public record Failed(int status, String code, String detail) implements Outcome {}

    public record Preview(
            String url,
            String finalUrl,
            boolean subscribed,
            Long feedId,
            String format,
            String title,
            String link,
            String language,
            Duration ttl,
            List<String> warnings,
            int itemCount,
            List<PreviewItem> items) implements Outcome {}

    public record PreviewItem(
            int position,
            String identityKey,
            String guid,
            String url,
            String canonicalUrl,
            String title,
            String language,
            Instant publishedAt,
            Instant updatedAt,
            List<String> categories,
            List<Topic> topics,
            List<String> flags,
            Decision decision,
            String eventType,
            ItemEvent event) {}

    /**
     * @param outcome {@code new}, {@code revision}, {@code unchanged} or {@code duplicate}
     * @param reason why, in words
     * @param matchedItemId the stored item it was matched with, if any
     * @param changedFields for a revision, the event fields that would change
     */
    public record Decision(String outcome, String reason, String matchedItemId, List<String> changedFields) {}

    public Outcome preview(URI url) {
        FetchResult fetched = fetcher.fetch(FetchRequest.unconditional(url));
        if (fetched instanceof FetchResult.Failed failed) {
            return new Failed(failed.status(), failed.error().code(), failed.detail());
        }
        if (fetched instanceof FetchResult.Gone gone) {
            return new Failed(gone.status(), "gone", "the publisher removed the feed (410)");
        }
        if (fetched instanceof FetchResult.RateLimited limited) {
            return new Failed(limited.status(), "rate_limited", "the server asked to come back later"
                    + limited.retryAt().map(t -> " (after " + t + ")").orElse(""));
        }
        if (!(fetched instanceof FetchResult.Modified document)) {
            return new Failed(fetched.status(), "not_modified", "unexpected 304 to an unconditional request");
        }
        ParseResult parsed = parser.parse(document.body(), FeedContext.of(document.contentType(), document.finalUrl()));
        if (parsed instanceof ParseResult.Failed failed) {
            return new Failed(document.status(), failed.error().code(), failed.detail());
        }
        ParsedFeed feed = ((ParseResult.Parsed) parsed).feed();

        Optional<Feed> subscription = CanonicalUrl.of(url.toString()).flatMap(lookups::subscribedFeed);
        Feed feedRef = subscription.orElseGet(() -> {
            Feed transientFeed = new Feed();
            transientFeed.id = 0L; // not subscribed: no feed id yet
            transientFeed.url = url.toString();
            transientFeed.title = feed.title().orElse(null);
            return transientFeed;
        });
        List<String> feedTags = subscription.map(f -> f.tags).orElse(List.of());

        List<NormalizedItem> normalized = feed.items().stream()
                .map(item -> normalizer.normalize(item, feed, document.finalUrl()))
                .toList();
        List<String> keys = IdentityKeys.of(normalized);
        Map<String, Integer> canonicalInDocument = new HashMap<>();
        Instant now = Instant.now();
        List<PreviewItem> items = new ArrayList<>(normalized.size());
        for (int i = 0; i < normalized.size(); i++) {
            NormalizedItem item = normalized.get(i);
            ParsedItem source = feed.items().get(i);
            String key = keys.get(i);
            String hash = Revisions.contentHash(item);
            List<Topic> topics = TopicTagger.tag(feedTags, item.categories());

            Decision decision;
            EventType eventType = null;
            Item wouldBe = transientItem(item, topics, hash, now);
            Optional<Item> seen = subscription.flatMap(f -> lookups.itemBySighting(f.id, key));
            if (seen.isPresent()) {
                Item stored = seen.get();
                if (stored.feedId.equals(feedRef.id) && !stored.contentHash.equals(hash)) {
                    List<String> changed = Revisions.changedFields(
                            new Revisions.Snapshot(stored.title, stored.url, stored.summary, stored.contentText, stored.author, stored.categories, stored.updatedAt),
                            item);
                    decision = new Decision("revision", "identity key already stored in this feed; content changed", stored.id.toString(), changed);
                    eventType = EventType.UPDATED;
                    wouldBe.id = stored.id;
                    wouldBe.storyId = stored.storyId;
                    wouldBe.firstSeenAt = stored.firstSeenAt;
                    wouldBe.revision = stored.revision + 1;
                } else {
                    decision = new Decision("unchanged", "identity key already stored in this feed; same content", stored.id.toString(), List.of());
                }
            } else if (item.canonicalUrl().isPresent() && lookups.itemByCanonicalUrl(item.canonicalUrl().get()).isPresent()) {
                Item stored = lookups.itemByCanonicalUrl(item.canonicalUrl().get()).get();
                decision = new Decision("duplicate", MatchReason.CANONICAL_URL.wireName() + ": " + "same canonical URL as an item already stored",
                        stored.id.toString(), List.of());
            } else if (item.canonicalUrl().isPresent() && canonicalInDocument.containsKey(item.canonicalUrl().get())) {
                decision = new Decision("duplicate", MatchReason.CANONICAL_URL.wireName() + ": same canonical URL as entry "
                        + canonicalInDocument.get(item.canonicalUrl().get()) + " of this document", null, List.of());
            } else {
                decision = new Decision("new", subscription.isPresent()
                        ? "identity key and canonical URL not stored yet"
                        : "feed not subscribed; canonical URL not stored yet", null, List.of());
                eventType = EventType.CREATED;
            }
            item.canonicalUrl().ifPresent(c -> canonicalInDocument.putIfAbsent(c, items.size()));

            ItemEvent event = eventType == null ? null
                    : outbox.eventFor(wouldBe, feedRef, eventType == EventType.UPDATED ? decision.changedFields() : List.of());
            items.add(new PreviewItem(i, key, item.guid().orElse(null), item.url().orElse(null), item.canonicalUrl().orElse(null),
                    item.title().orElse(null), item.language().orElse(null), item.published().orElse(null), item.updated().orElse(null),
                    item.categories(), topics, source.flags().stream().map(Enum::name).sorted().toList(), decision,
                    eventType == null ? null : eventType.ceType(), event));
        }
        return new Preview(url.toString(), document.finalUrl().toString(), subscription.isPresent(),
                subscription.map(f -> f.id).orElse(null), feed.format(), feed.title().orElse(null), feed.link().orElse(null),
                feed.language().orElse(null), feed.ttl().orElse(null), feed.warnings(), items.size(), items);
    }

    /** The item as {@code ItemStore} would store it (never persisted); the id is a placeholder for new items. */
    private Item transientItem(NormalizedItem fresh, List<Topic> topics, String hash, Instant now) {
        Item item = new Item();
        item.id = new java.util.UUID(0L, 0L); // assigned on store
        item.storyId = item.id;
        item.firstSeenAt = now;
        item.guid = fresh.guid().orElse(null);
        item.url = fresh.url().orElse(null);
        item.canonicalUrl = fresh.canonicalUrl().orElse(null);
        item.title = fresh.title().orElse(null);
        item.summary = fresh.summary().orElse(null);
        item.contentText = fresh.contentText().orElse(null);
        item.author = fresh.author().orElse(null);
        item.language = fresh.language().orElse(null);
        item.publishedAt = fresh.published().orElse(null);
        item.updatedAt = fresh.updated().orElse(null);
        item.categories = new ArrayList<>(fresh.categories());
        item.topics = write(topics);
        item.enclosures = write(fresh.enclosures().stream()
                .map(e -> new ItemEvent.EnclosureRef(e.url(), e.type().orElse(null), e.length().orElse(null)))
                .toList());
        item.contentHash = hash;
        return item;
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("records always serialise", e);
        }
    }
}
