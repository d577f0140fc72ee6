package org.newsingest.extract;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.newsingest.dedupe.PageUrls;
import org.newsingest.dedupe.StoryFingerprint;
import org.newsingest.feed.Feed;
import org.newsingest.fetch.LogSafe;
import org.newsingest.publish.EventType;
import org.newsingest.publish.ItemEvent;
import org.newsingest.publish.Outbox;
import org.newsingest.store.Item;
import org.newsingest.store.ItemStore;
import org.newsingest.tag.Topic;
import org.newsingest.tag.TopicMerge;
import org.newsingest.tag.TopicTagger;

/**
 * Records what a story's page gave, in one transaction: the {@code item_extraction} row, the item's
 * body, the metadata the feed lacked, topics retagged from the body, the body's band keys, and the
 * event. A body that arrives while the story's {@code created} is still held rides in it (same
 * event id, due at once); a later body is the next revision's {@code updated}. A page that gave no
 * body releases a held {@code created} at once, with the recorded reason, and sends nothing later.
 * A story whose page meets an earlier story's URLs joins it ({@link PageStoryJoin}) and sends nothing.
 */
@ApplicationScoped
class BodyWriter {

    private static final int MAX_AUTHOR = 500;
    private static final int MAX_LANGUAGE = 35;

    private final EntityManager entityManager;
    private final ObjectMapper json;
    private final Outbox outbox;
    private final ItemStore store;
    private final TopicTagger tagger;
    private final ExtractMetrics metrics;
    private final PageStoryJoin joins;

    BodyWriter(EntityManager entityManager, ObjectMapper json, Outbox outbox, ItemStore store, TopicTagger tagger, ExtractMetrics metrics,
               PageStoryJoin joins) {
        this.entityManager = entityManager;
        this.json = json;
        this.outbox = outbox;
        this.store = store;
        this.tagger = tagger;
        this.metrics = metrics;
        this.joins = joins;
    }

    /** Records {@code outcome} for the extraction {@code owner} claimed; false when the claim was lost meanwhile. */
    @Transactional
    boolean finish(UUID itemId, String owner, ExtractionOutcome outcome) {
        if (entityManager.createNativeQuery("""
                SELECT item_id FROM item_extraction WHERE item_id = :item AND claim_owner = :owner AND state = 'pending' FOR UPDATE
                """).setParameter("item", itemId).setParameter("owner", owner).getResultList().isEmpty()) {
            return false;
        }
        Item item = entityManager.find(Item.class, itemId);
        Feed feed = Feed.findById(item.feedId);
        // Page URLs before band locks: the order a poll takes URL and band locks in.
        boolean joined = articleUrls(outcome).map(urls -> joins.join(item, urls)).orElse(false);
        Optional<StoryFingerprint.Fingerprint> fingerprint = outcome instanceof ExtractionOutcome.Extracted extracted
                ? StoryFingerprint.of(StoryFingerprint.textOf(item.title, extracted.body()))
                : Optional.empty();
        // Band locks before the item's row lock: the order a poll storing a text takes them in.
        fingerprint.ifPresent(bands -> store.indexText(item, bands));
        entityManager.refresh(item, LockModeType.PESSIMISTIC_WRITE);

        Map<String, String> sources = new LinkedHashMap<>();
        List<String> changed = new ArrayList<>();
        PageMetadata metadata = metadataOf(outcome);
        if (outcome instanceof ExtractionOutcome.Extracted extracted) {
            changed.add("contentText");
            item.contentText = extracted.body();
            item.contentSource = Item.FROM_PAGE;
            fillFromPage(item, metadata, sources, changed);
            List<Topic> stored = item.topics;
            List<Topic> fresh = TopicMerge.merge(tagger.tag(TopicTagger.Text.of(item.title, item.summary, item.contentText, item.categories,
                    Optional.ofNullable(item.language)), feed.tags), stored);
            if (!ids(fresh).equals(ids(stored))) {
                item.topics = fresh;
                changed.add("topics");
            }
        }
        metadata.image().ifPresent(image -> sources.put("image", image.source()));
        metadata.canonicalUrl().ifPresent(canonical -> sources.put("canonicalUrl", canonical.source()));
        ItemEvent.Extraction record = new ItemEvent.Extraction(outcome.state(), reasonOf(outcome), finalUrlOf(outcome).map(URI::toString).orElse(null),
                metadata.canonicalUrl().map(c -> c.value().toString()).orElse(null), metadata.image().map(Sourced::value).orElse(null),
                sources.isEmpty() ? null : sources);
        item.extraction = record;
        recordRow(itemId, outcome, record);

        // A story that joined an earlier one publishes nothing: its created was withdrawn.
        boolean inCreated = !joined && outbox.releaseHeld(item, feed);
        if (outcome instanceof ExtractionOutcome.Extracted && !joined) {
            if (!inCreated) {
                item.revision++;
                outbox.enqueue(List.of(new Outbox.Pending(EventType.UPDATED, item, feed, changed)));
            }
            metrics.bodyDelivered(Duration.between(item.firstSeenAt, Instant.now()), inCreated ? "created" : "updated");
        }
        metrics.outcome(outcome.state(), reasonOf(outcome));
        return true;
    }

    /** Author, publication date and language from the page where the feed had none, each with its source. */
    private static void fillFromPage(Item item, PageMetadata metadata, Map<String, String> sources, List<String> changed) {
        if (item.author == null && metadata.author().isPresent()) {
            item.author = LogSafe.text(metadata.author().get().value(), MAX_AUTHOR);
            sources.put("author", metadata.author().get().source());
            changed.add("author");
        }
        if (item.publishedAt == null && metadata.published().isPresent()) {
            item.publishedAt = metadata.published().get().value();
            sources.put("publishedAt", metadata.published().get().source());
            changed.add("publishedAt");
        }
        if (item.language == null && metadata.language().isPresent()) {
            item.language = LogSafe.text(metadata.language().get().value().toLowerCase(Locale.ROOT), MAX_LANGUAGE);
            sources.put("language", metadata.language().get().source());
            changed.add("language");
        }
    }

    private void recordRow(UUID itemId, ExtractionOutcome outcome, ItemEvent.Extraction record) {
        entityManager.createNativeQuery("""
                UPDATE item_extraction
                SET state = :state, reason = :reason, detail = :detail, final_url = :finalUrl,
                    metadata_sources = cast(:sources AS jsonb), finished_at = now(), claim_owner = NULL, claimed_until = NULL
                WHERE item_id = :item
                """)
                .setParameter("state", outcome.state())
                .setParameter("reason", reasonOf(outcome))
                .setParameter("detail", detailOf(outcome).map(d -> LogSafe.text(d, 1000)).orElse(null))
                .setParameter("finalUrl", record.finalUrl())
                .setParameter("sources", json.valueToTree(record.metadataSources() == null ? Map.of() : record.metadataSources()).toString())
                .setParameter("item", itemId)
                .executeUpdate();
    }

    private static PageMetadata metadataOf(ExtractionOutcome outcome) {
        if (outcome instanceof ExtractionOutcome.Extracted extracted) {
            return extracted.metadata();
        }
        if (outcome instanceof ExtractionOutcome.Paywalled paywalled) {
            return paywalled.metadata();
        }
        return new PageMetadata(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                List.of(), Optional.empty(), Optional.empty(), Optional.empty());
    }

    static String reasonOf(ExtractionOutcome outcome) {
        if (outcome instanceof ExtractionOutcome.Skipped skipped) {
            return skipped.reason();
        }
        if (outcome instanceof ExtractionOutcome.Failed failed) {
            return failed.reason();
        }
        return null;
    }

    private static Optional<String> detailOf(ExtractionOutcome outcome) {
        if (outcome instanceof ExtractionOutcome.Skipped skipped) {
            return Optional.ofNullable(skipped.detail());
        }
        if (outcome instanceof ExtractionOutcome.Failed failed) {
            return Optional.ofNullable(failed.detail());
        }
        if (outcome instanceof ExtractionOutcome.Paywalled paywalled) {
            return Optional.ofNullable(paywalled.detail());
        }
        return Optional.empty();
    }

    /** The URLs an article page names its story by; none for a page that is no article (a consent wall's canonical names nothing). */
    private static Optional<Set<String>> articleUrls(ExtractionOutcome outcome) {
        if (outcome instanceof ExtractionOutcome.Extracted extracted) {
            return Optional.of(PageUrls.of(extracted.finalUrl(), extracted.metadata().canonicalUrl().map(Sourced::value)));
        }
        if (outcome instanceof ExtractionOutcome.Paywalled paywalled) {
            return Optional.of(PageUrls.of(paywalled.finalUrl(), paywalled.metadata().canonicalUrl().map(Sourced::value)));
        }
        return Optional.empty();
    }

    private static Optional<URI> finalUrlOf(ExtractionOutcome outcome) {
        if (outcome instanceof ExtractionOutcome.Extracted extracted) {
            return Optional.of(extracted.finalUrl());
        }
        if (outcome instanceof ExtractionOutcome.Paywalled paywalled) {
            return Optional.of(paywalled.finalUrl());
        }
        if (outcome instanceof ExtractionOutcome.Skipped skipped) {
            return skipped.finalUrl();
        }
        return Optional.empty();
    }

    private static Set<String> ids(List<Topic> topics) {
        return topics.stream().map(Topic::id).collect(Collectors.toSet());
    }


}
