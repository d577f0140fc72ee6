package org.newsingest.store;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.newsingest.dedupe.IdentityPolicy;
import org.newsingest.dedupe.PolicyReview;
import org.newsingest.dedupe.StoryFingerprint;
import org.newsingest.dedupe.UrlRules;
import org.newsingest.feed.EntryWarning;
import org.newsingest.feed.Feed;
import org.newsingest.fetch.LogSafe;
import org.newsingest.tag.Topic;
import org.newsingest.tag.TopicMerge;

/**
 * One document on its way into the store ({@link ItemStore}): its entries, the stored items its
 * lookups found, and what deciding it changed. The decisions themselves are {@link StoreDecision}'s;
 * this class carries them out in memory and leaves the SQL to {@link ItemLookups}.
 */
final class Document {

    private final Feed feed;
    private final List<Entry> entries;
    private final List<EntryWarning> warnings = new ArrayList<>();
    private final Map<UUID, Item> items = new HashMap<>();
    private final Map<String, Item> urlOwners = new HashMap<>();
    private final Map<String, Item> storyOwners = new HashMap<>();
    /** Stored items an entry of this document already maps to: no second entry may map to one. */
    private final Map<UUID, Entry> taken = new HashMap<>();
    private final List<Item> created = new ArrayList<>();
    /** Stored items this document changed (revisions, grown topics), each once, in the order first changed. */
    private final Set<Item> changed = new LinkedHashSet<>();
    private final List<ItemSighting> sightings = new ArrayList<>();
    /** Items whose text this document brought: new items and revisions, with the band keys of that text. */
    private final Map<Item, StoryFingerprint.Fingerprint> textsToIndex = new HashMap<>();
    private int churned;

    /**
     * Refuses repeated identity keys and notes canonical URLs too long to index, before anything
     * is looked up.
     */
    Document(Feed feed, List<ItemCandidate> candidates, UrlRules urlRules) {
        this.feed = feed;
        this.entries = new ArrayList<>(candidates.size());
        Map<String, Entry> byKey = new HashMap<>();
        for (int i = 0; i < candidates.size(); i++) {
            Entry entry = Entry.of(i, candidates.get(i), urlRules);
            entries.add(entry);
            Entry earlier = byKey.putIfAbsent(entry.identityKey(), entry);
            if (earlier != null) {
                refuse(entry, "duplicate_entry", "the same identity key as " + earlier.label() + " of this document (a repeated GUID or entry); only the first is stored");
            } else if (entry.urlTooLong()) {
                warnings.add(new EntryWarning(entry.label(), "url_not_indexed", "its canonical URL is over " + Entry.MAX_INDEXED_BYTES
                        + " bytes, more than the index holds; stored without it, so other feeds cannot match it by URL"));
            }
        }
    }

    /** Locks of the canonical URLs and story keys the open entries claim: taken before the key lookup. */
    StoryLocks keyLocks() {
        StoryLocks locks = new StoryLocks();
        for (Entry entry : openEntries()) {
            if (entry.claimedUrl != null) {
                locks.canonicalUrl(entry.claimedUrl);
            }
            if (entry.storyKey != null) {
                locks.storyKey(entry.storyKey);
            }
        }
        return locks;
    }

    List<String> identityKeys() {
        return openEntries().stream().map(Entry::identityKey).toList();
    }

    List<String> claimedUrls() {
        return openEntries().stream().map(entry -> entry.claimedUrl).filter(Objects::nonNull).distinct().toList();
    }

    List<String> storyKeys() {
        return openEntries().stream().map(entry -> entry.storyKey).filter(Objects::nonNull).distinct().toList();
    }

    /**
     * Locks of the band keys of every entry that may write a text: a new item, a copy, a revision.
     * A concurrent poll bringing a copy of that text then waits and finds it. Entries their feed
     * already has with the same content write nothing and take none, so a steady poll with a few
     * new entries among many known ones takes a few band locks, not one set per entry.
     */
    StoryLocks textLocks(ItemLookups.KeyMatches keys) {
        StoryLocks locks = new StoryLocks();
        for (Entry entry : openEntries()) {
            if (!unchanged(entry, keys)) {
                locks.fingerprint(entry.candidate.fingerprint());
            }
        }
        return locks;
    }

    /** The band keys of the entries with a fingerprint that no identity key, canonical URL or story key matched: the ones the text rule decides. */
    Map<Long, List<Integer>> textBands(ItemLookups.KeyMatches keys) {
        Map<Long, List<Integer>> entriesByBand = new HashMap<>();
        for (Entry entry : openEntries()) {
            boolean matched = keys.byKey().containsKey(entry.identityKey())
                    || entry.claimedUrl != null && keys.byUrl().containsKey(entry.claimedUrl)
                    || entry.storyKey != null && keys.byStoryKey().containsKey(entry.storyKey);
            if (!matched && entry.candidate.fingerprint().isPresent()) {
                for (long band : entry.candidate.fingerprint().get().bands()) {
                    entriesByBand.computeIfAbsent(band, b -> new ArrayList<>()).add(entry.position);
                }
            }
        }
        return entriesByBand;
    }

    /**
     * The stored items this document may change: revised items, and the items a sighting or copy
     * may add topics to. Items an entry matched by identity key with unchanged content are only
     * read: a steady poll locks nothing it does not change.
     */
    Set<UUID> mayChange(ItemLookups.KeyMatches keys, Map<Integer, List<UUID>> byText) {
        Set<UUID> written = new HashSet<>(keys.byUrl().values());
        written.addAll(keys.byStoryKey().values());
        byText.values().forEach(written::addAll);
        for (Entry entry : entries) {
            UUID id = keys.byKey().get(entry.identityKey());
            if (id != null && !unchanged(entry, keys)) {
                written.add(id);
            }
        }
        return written;
    }

    /** Items the lookups named but {@link #mayChange} did not. */
    Set<UUID> readOnly(ItemLookups.KeyMatches keys) {
        Set<UUID> readOnly = new HashSet<>(keys.byKey().values());
        readOnly.removeAll(items.keySet());
        return readOnly;
    }

    void loaded(List<Item> loaded) {
        loaded.forEach(item -> items.put(item.id, item));
    }

    /** Decides every open entry in document order; the writes are collected, not made. */
    void decide(ItemLookups.KeyMatches keys, Map<Integer, List<UUID>> byText) {
        keys.byUrl().forEach((url, id) -> urlOwners.put(url, items.get(id)));
        keys.byStoryKey().forEach((key, id) -> storyOwners.put(key, items.get(id)));
        for (Entry entry : openEntries()) {
            Optional<Item> byKey = Optional.ofNullable(keys.byKey().get(entry.identityKey())).map(items::get);
            Optional<Item> sameUrl = Optional.ofNullable(entry.claimedUrl).map(urlOwners::get);
            Optional<Item> sameStory = Optional.ofNullable(entry.storyKey).map(storyOwners::get);
            StoreDecision.Matches matches = new StoreDecision.Matches(byKey, sameUrl, sameStory, Optional.empty());
            if (matches.needsText()) {
                matches = new StoreDecision.Matches(byKey, sameUrl, sameStory, sameText(entry, byText.getOrDefault(entry.position, List.of())));
            }
            StoreDecision.Decision decision = StoreDecision.decide(feed.id, matches);
            if (decision instanceof StoreDecision.Decision.Known known) {
                if (take(entry, known.item())) {
                    entry.result = new StoreResult.Unchanged(known.item());
                }
            } else if (decision instanceof StoreDecision.Decision.Revise revise) {
                revise(entry, revise.item(), revise.rekeyed());
            } else if (decision instanceof StoreDecision.Decision.Sight sight) {
                sight(entry, sight.item());
            } else if (decision instanceof StoreDecision.Decision.Copy copy) {
                copy(entry, copy.matched(), copy.reason());
            } else {
                create(entry);
            }
        }
    }

    /** A change of the feed's identity policy this document showed, applied to the feed and noted as a warning. */
    void reviewPolicy(int churnThreshold) {
        List<PolicyReview.Signal> signals = entries.stream()
                .map(entry -> new PolicyReview.Signal(entry.candidate.identity(), entry.item().canonicalUrl().or(entry.item()::url).isPresent(),
                        entry.result instanceof StoreResult.Refused))
                .toList();
        PolicyReview.review(IdentityPolicy.fromWire(feed.identityPolicy), signals, churned, churnThreshold).ifPresent(change -> {
            feed.identityPolicy = change.next().wireName();
            warnings.add(new EntryWarning("(feed)", "identity_policy_changed", change.detail()));
        });
    }

    List<StoreResult> results() {
        return entries.stream().map(entry -> entry.result).toList();
    }

    List<EntryWarning> warnings() {
        return List.copyOf(warnings);
    }

    List<Item> created() {
        return created;
    }

    /** Stored items this document changed; the items it created carry their changes in their insert. */
    List<Item> changed() {
        return changed.stream().filter(item -> !created.contains(item)).toList();
    }

    List<ItemSighting> sightings() {
        return sightings;
    }

    /** The band keys of every text this document brought. */
    List<ItemLookups.Band> bands() {
        List<ItemLookups.Band> bands = new ArrayList<>();
        textsToIndex.forEach((item, fingerprint) -> {
            for (long band : fingerprint.bands()) {
                bands.add(new ItemLookups.Band(band, item.id, item.firstSeenAt));
            }
        });
        return bands;
    }

    private List<Entry> openEntries() {
        return entries.stream().filter(Entry::open).toList();
    }

    private static boolean unchanged(Entry entry, ItemLookups.KeyMatches keys) {
        return entry.candidate.contentHash().equals(keys.contentByKey().get(entry.identityKey()));
    }

    /** An entry of the item's own feed: a revision when it changed the text; {@code rekeyed} entries get a sighting under their new key. */
    private void revise(Entry entry, Item item, boolean rekeyed) {
        if (!take(entry, item)) {
            return;
        }
        if (rekeyed) {
            if (PolicyReview.churns(entry.candidate.identity())) {
                churned++;
            }
            addSighting(item, entry, MatchReason.IDENTITY_CHANGED);
        }
        String url = entry.claimedUrl;
        switch (StoreDecision.revise(item, Optional.ofNullable(url), Optional.ofNullable(url).map(urlOwners::get), entry.candidate.contentHash())) {
            case URL_TAKEN -> refuse(entry, "canonical_url_taken", "its link now canonicalises to " + LogSafe.url(url) + ", which item "
                    + urlOwners.get(url).id + " already has; this revision is not stored");
            case UNCHANGED -> entry.result = new StoreResult.Unchanged(item);
            case CHANGED -> {
                List<String> changedFields = ItemFields.changedFields(item, entry.item());
                if (item.canonicalUrl != null && !item.canonicalUrl.equals(url)) {
                    urlOwners.remove(item.canonicalUrl);
                }
                ItemFields.apply(item, entry.candidate, url, TopicMerge.merge(entry.candidate.topics(), item.topics));
                entry.candidate.fingerprint().ifPresent(fingerprint -> textsToIndex.put(item, fingerprint));
                if (url != null) {
                    urlOwners.put(url, item);
                }
                item.revision++;
                changed.add(item);
                entry.result = new StoreResult.Revised(item, changedFields, item.duplicateOf == null);
            }
        }
    }

    private void sight(Entry entry, Item item) {
        if (!take(entry, item)) {
            return;
        }
        addSighting(item, entry, MatchReason.CANONICAL_URL);
        Item original = original(item);
        entry.result = new StoreResult.Sighted(item, MatchReason.CANONICAL_URL, grow(original, entry.candidate.topics()) ? Optional.of(original) : Optional.empty());
    }

    private void copy(Entry entry, Item matched, MatchReason reason) {
        Item original = original(matched);
        if (!take(entry, original)) {
            return;
        }
        Item copy = newItem(entry);
        copy.storyId = original.storyId;
        copy.duplicateOf = original.id;
        addSighting(copy, entry, reason);
        entry.result = new StoreResult.Duplicate(copy, original, reason, grow(original, entry.candidate.topics()));
    }

    private void create(Entry entry) {
        Item item = newItem(entry);
        item.storyId = item.id;
        if (entry.storyKey != null) {
            storyOwners.put(entry.storyKey, item);
        }
        take(entry, item);
        addSighting(item, entry, MatchReason.ORIGIN);
        entry.result = new StoreResult.Created(item);
    }

    private Item newItem(Entry entry) {
        Item item = new Item();
        item.id = UUID.randomUUID();
        item.feedId = feed.id;
        item.firstSeenAt = Instant.now();
        item.storyKey = entry.storyKey;
        ItemFields.apply(item, entry.candidate, entry.claimedUrl, entry.candidate.topics());
        entry.candidate.fingerprint().ifPresent(fingerprint -> textsToIndex.put(item, fingerprint));
        if (entry.claimedUrl != null) {
            urlOwners.put(entry.claimedUrl, item);
        }
        created.add(item);
        return item;
    }

    /** The first of the candidates, most shared band keys first, whose text confirms it is the same story. */
    private Optional<Item> sameText(Entry entry, List<UUID> near) {
        if (near.isEmpty()) {
            return Optional.empty();
        }
        StoryFingerprint.Body body = StoryFingerprint.Body.of(StoryFingerprint.textOf(entry.item()));
        return near.stream()
                .map(items::get)
                .filter(stored -> StoryFingerprint.sameStory(body,
                        StoryFingerprint.Body.of(StoryFingerprint.textOf(stored.title, stored.contentText != null ? stored.contentText : stored.summary))))
                .findFirst();
    }

    private Item original(Item item) {
        return item.duplicateOf == null ? item : items.get(item.duplicateOf);
    }

    /** Maps {@code entry} to {@code item}, or refuses it when an earlier entry of the document already did. */
    private boolean take(Entry entry, Item item) {
        Entry earlier = taken.putIfAbsent(item.id, entry);
        if (earlier == null) {
            return true;
        }
        refuse(entry, "duplicate_entry", "the same stored story as " + earlier.label() + " of this document; only the first is stored");
        return false;
    }

    /** Adds the topics an entry brought to the story's first item: a new revision when it lacked any. */
    private boolean grow(Item original, List<Topic> seen) {
        if (!TopicMerge.grows(original.topics, seen)) {
            return false;
        }
        original.topics = TopicMerge.merge(original.topics, seen);
        original.revision++;
        changed.add(original);
        return true;
    }

    private void addSighting(Item item, Entry entry, MatchReason reason) {
        ItemSighting sighting = new ItemSighting();
        sighting.itemId = item.id;
        sighting.feedId = feed.id;
        sighting.identityKey = entry.identityKey();
        sighting.guid = entry.item().guid().orElse(null);
        sighting.url = entry.item().url().orElse(null);
        sighting.matchReason = reason.wireName();
        sightings.add(sighting);
    }

    private void refuse(Entry entry, String code, String detail) {
        warnings.add(entry.refuse(code, detail));
    }
}
