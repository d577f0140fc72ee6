package org.newsingest.pipeline;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.SystemException;
import jakarta.transaction.TransactionManager;
import jakarta.transaction.Transactional;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.newsingest.feed.Feed;
import org.newsingest.normalize.CanonicalUrl;
import org.newsingest.normalize.NormalizedItem;
import org.newsingest.parse.ParsedFeed;
import org.newsingest.parse.ParsedItem;
import org.newsingest.publish.EventType;
import org.newsingest.publish.ItemEvent;
import org.newsingest.publish.Outbox;
import org.newsingest.store.ItemCandidate;
import org.newsingest.store.ItemStore;
import org.newsingest.store.StoreResult;

/**
 * Stores a previewed document for real, through the very code a poll uses, inside a transaction
 * that is always rolled back. So the preview can never disagree with what a poll would decide,
 * and it leaves nothing behind: no item, no sighting, no event, no feed.
 */
@ApplicationScoped
class PreviewRehearsal {

    private final ItemStore items;
    private final Outbox outbox;
    private final TransactionManager transactions;

    PreviewRehearsal(ItemStore items, Outbox outbox, TransactionManager transactions) {
        this.items = items;
        this.outbox = outbox;
        this.transactions = transactions;
    }

    /** The subscribed feed with this URL (after normalisation), if any. */
    @Transactional
    Optional<FeedSnapshot> subscription(URI url) {
        return CanonicalUrl.of(url.toString()).flatMap(Feed::findByNormalizedUrl)
                .filter(feed -> feed.deletedAt == null)
                .map(feed -> FeedSnapshot.of(feed, Map.of()));
    }

    @Transactional
    Preview.Document rehearse(URI url, URI finalUrl, Optional<Long> subscribedFeedId, ParsedFeed document, List<ItemCandidate> candidates)
            throws SystemException {
        Feed feed = subscribedFeedId.map(id -> Feed.<Feed>findById(id)).orElseGet(() -> temporaryFeed(url, document));
        List<StoreResult> stored = items.rehearseDocument(feed, candidates).results();
        List<Preview.Entry> entries = new ArrayList<>(candidates.size());
        for (int i = 0; i < candidates.size(); i++) {
            entries.add(entry(i, candidates.get(i), document.items().get(i), stored.get(i), feed));
        }
        // Marked only now: a transaction marked rollback-only refuses to enlist new connections.
        transactions.setRollbackOnly();
        return new Preview.Document(url.toString(), finalUrl.toString(), subscribedFeedId.isPresent(), subscribedFeedId.orElse(null),
                document.format(), document.title().orElse(null), document.link().orElse(null), document.language().orElse(null),
                document.ttl().orElse(null), document.warnings(), entries.size(), entries);
    }

    /** An unsubscribed URL gets a feed row for the rehearsal only; a once-unsubscribed feed keeps its history. */
    private static Feed temporaryFeed(URI url, ParsedFeed document) {
        String normalized = CanonicalUrl.of(url.toString()).orElseThrow();
        Feed feed = Feed.findByNormalizedUrl(normalized).orElseGet(Feed::new);
        feed.url = url.toString();
        feed.normalizedUrl = normalized;
        feed.title = document.title().orElse(feed.title);
        if (feed.nextPollAt == null) {
            feed.nextPollAt = Instant.now();
        }
        feed.persist();
        return feed;
    }

    private Preview.Entry entry(int position, ItemCandidate candidate, ParsedItem source, StoreResult stored, Feed feed) {
        Preview.Decision decision;
        ItemEvent event = null;
        EventType type = null;
        if (stored instanceof StoreResult.Created created) {
            decision = new Preview.Decision("new", "neither its identity key nor the story is stored yet", null, List.of());
            type = EventType.CREATED;
            event = outbox.eventFor(created.item(), feed, List.of());
        } else if (stored instanceof StoreResult.Revised revised && revised.published()) {
            decision = new Preview.Decision("revision", "identity key stored in this feed; the text changed", revised.item().id.toString(),
                    revised.changedFields());
            type = EventType.UPDATED;
            event = outbox.eventFor(revised.item(), feed, revised.changedFields());
        } else if (stored instanceof StoreResult.Revised revised) {
            decision = new Preview.Decision("revision", "a duplicate of another outlet's story whose text changed; the story's events come from its first item",
                    revised.item().id.toString(), revised.changedFields());
        } else if (stored instanceof StoreResult.Sighted sighted) {
            decision = new Preview.Decision("duplicate", sighted.reason().wireName() + ": " + sighted.reason().explanation(), sighted.item().id.toString(),
                    List.of());
        } else if (stored instanceof StoreResult.Duplicate duplicate) {
            decision = new Preview.Decision("duplicate", duplicate.reason().wireName() + ": " + duplicate.reason().explanation(),
                    duplicate.original().id.toString(), List.of());
        } else if (stored instanceof StoreResult.Refused refused) {
            decision = new Preview.Decision("refused", refused.warning().code() + ": " + refused.warning().detail(), null, List.of());
        } else {
            decision = new Preview.Decision("unchanged", "identity key stored in this feed; same text", ((StoreResult.Unchanged) stored).item().id.toString(),
                    List.of());
        }
        NormalizedItem item = candidate.item();
        return new Preview.Entry(position, candidate.identityKey(), item.guid().orElse(null), item.url().orElse(null),
                item.canonicalUrl().orElse(null), item.title().orElse(null), item.language().orElse(null), item.published().orElse(null),
                item.updated().orElse(null), item.categories(), candidate.topics(), source.flags().stream().map(Enum::name).sorted().toList(),
                decision, type == null ? null : type.ceType(), event);
    }
}
