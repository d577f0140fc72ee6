package org.newsingest.store;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.hibernate.Session;
import org.newsingest.config.IngestConfig;
import org.newsingest.dedupe.IdentityPolicy;
import org.newsingest.dedupe.Revisions;
import org.newsingest.dedupe.StoryFingerprint;
import org.newsingest.dedupe.UrlRules;
import org.newsingest.feed.EntryWarning;
import org.newsingest.feed.Feed;
import org.newsingest.fetch.LogSafe;
import org.newsingest.normalize.NormalizedItem;
import org.newsingest.tag.Topic;
import org.newsingest.tag.TopicMerge;

/**
 * Stores a polled document and decides what each entry is: new, a revision, the same as before,
 * a sighting of an item already stored (same canonical URL in another feed), or another outlet's
 * copy of a stored story (same URL-rule story key, or nearly the same text).
 *
 * <p>The whole document is decided at once, in this order, so no entry can make the database
 * refuse the transaction and cost its neighbours (see docs/dedupe.md):
 * <ol>
 *   <li>entries the database would refuse, or that would merge into another entry of the same
 *       document, are turned into {@link EntryWarning}s before anything is written;
 *   <li>the locks of every canonical URL and story key are taken in one statement ({@link StoryLocks}),
 *       then all identity keys, canonical URLs and story keys are looked up in one query; the
 *       entries that may write a text (all but those the feed already has unchanged) take the locks of
 *       their band keys in one more statement, and the entries nothing matched get their text
 *       candidates from one index scan of {@code story_band};
 *   <li>the item rows the document may change are locked ({@code FOR NO KEY UPDATE}, id order),
 *       so writers of one item that took different advisory locks (a revision, a sighting, a
 *       copy) still write its revisions one after the other;
 *   <li>the writes are queued and go out as JDBC batches at the end.
 * </ol>
 */
@ApplicationScoped
public class ItemStore {

    /** Republication usually follows within days; older items are not compared. */
    public static final int SIMILARITY_WINDOW_DAYS = 7;

    /** Stored items an entry is compared with in full, those sharing most band keys first. */
    private static final int TEXT_CANDIDATES = 20;

    /**
     * Longest canonical URL that is indexed, in UTF-8 bytes. A btree entry must fit in a third of
     * a page (2704 bytes with the tuple header); a longer key fails the insert. Real article URLs
     * are far shorter; a longer one is stored without claiming it.
     */
    static final int MAX_INDEXED_BYTES = 2000;


    private final EntityManager entityManager;
    private final StoredJson json;
    private final UrlRules urlRules;
    private final int churnThreshold;

    ItemStore(EntityManager entityManager, StoredJson json, IngestConfig config) {
        this.entityManager = entityManager;
        this.json = json;
        this.urlRules = UrlRules.of(config.stories().urlRules());
        this.churnThreshold = config.stories().churnThreshold();
    }

    /**
     * Stores {@code candidates} for {@code feed}, which the caller holds locked. Returns one result
     * per candidate, in order, and the warnings this store adds to the poll's record (refused
     * entries, unindexed URLs, a change of the feed's identity policy).
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public StoredDocument storeDocument(Feed feed, List<ItemCandidate> candidates) {
        return store(feed, candidates, true);
    }

    /**
     * Makes exactly the decisions {@link #storeDocument} would, for a transaction the caller rolls
     * back (the preview). It takes no story locks: a rehearsal must never make a poll wait, and
     * locks only order decisions between transactions that commit.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public StoredDocument rehearseDocument(Feed feed, List<ItemCandidate> candidates) {
        return store(feed, candidates, false);
    }

    private StoredDocument store(Feed feed, List<ItemCandidate> candidates, boolean serialise) {
        Document document = new Document(feed, candidates);
        document.prepare();
        Session session = entityManager.unwrap(Session.class);
        Lookup lookup = session.doReturningWork(connection -> {
            if (serialise) {
                document.keyLocks.acquire(connection);
            }
            KeyMatches keys = document.lookUpKeys(connection);
            if (serialise) {
                document.textLocks(keys).acquire(connection);
            }
            return new Lookup(keys, document.textCandidates(connection, document.open(keys)));
        });
        document.load(lookup, serialise);
        document.decide(lookup);
        session.doWork(document::indexBands);
        document.reviewPolicy();
        return new StoredDocument(List.of(document.results), List.copyOf(document.warnings));
    }

    /** What a document's store did: one result per entry, and the warnings for the poll's record. */
    public record StoredDocument(List<StoreResult> results, List<EntryWarning> warnings) {}

    /**
     * What the lookup query found: stored item ids by identity key, canonical URL and story key, and
     * the stored content hash of each identity key's item.
     */
    private record KeyMatches(Map<String, UUID> byKey, Map<String, String> contentByKey, Map<String, UUID> byUrl, Map<String, UUID> byStoryKey) {}

    /** Everything the store decides on: the key matches, and text candidates by entry, most alike first. */
    private record Lookup(KeyMatches keys, Map<Integer, List<UUID>> byText) {}

    /** A stored item that shares {@code sharedBands} band keys with an entry. */
    private record Near(UUID id, int sharedBands, Instant firstSeenAt) {}

    private static final Comparator<Near> MOST_ALIKE_FIRST = Comparator.comparingInt(Near::sharedBands).reversed().thenComparing(Near::firstSeenAt);

    /** One document on its way into the store. */
    private final class Document {

        private final Feed feed;
        private final List<ItemCandidate> candidates;
        private final StoreResult[] results;
        private final List<EntryWarning> warnings = new ArrayList<>();
        /** Locks of the canonical URLs and story keys the entries claim: taken before the key lookup. */
        private final StoryLocks keyLocks = new StoryLocks();
        private final String[] claimedUrls;
        private final String[] storyKeys;
        private final Map<UUID, Item> items = new HashMap<>();
        private final Map<String, Item> urlOwners = new HashMap<>();
        private final Map<String, Item> storyOwners = new HashMap<>();
        /** Stored items an entry of this document already maps to: no second entry may map to one. */
        private final Map<UUID, Integer> taken = new HashMap<>();
        /**
         * Persisted after every new item: a sighting references its item by id only (no mapped
         * association), so insert ordering cannot know that an item's row must come first.
         */
        private final List<ItemSighting> sightings = new ArrayList<>();
        /** Items whose text this document brought: new items and revisions, with the band keys of that text. */
        private final Map<Item, StoryFingerprint.Fingerprint> textsToIndex = new HashMap<>();
        private int churned;

        Document(Feed feed, List<ItemCandidate> candidates) {
            this.feed = feed;
            this.candidates = candidates;
            this.results = new StoreResult[candidates.size()];
            this.claimedUrls = new String[candidates.size()];
            this.storyKeys = new String[candidates.size()];
        }

        /** Refuses repeated identity keys, bounds the indexed URL, and collects the URL and story-key locks. */
        void prepare() {
            Map<String, Integer> keys = new HashMap<>();
            for (int i = 0; i < candidates.size(); i++) {
                ItemCandidate candidate = candidates.get(i);
                Integer earlier = keys.putIfAbsent(candidate.identityKey(), i);
                if (earlier != null) {
                    refuse(i, "duplicate_entry", "the same identity key as " + label(earlier) + " of this document (a repeated GUID or entry); only the first is stored");
                    continue;
                }
                if (!candidate.linkIdentifies()) {
                    continue;
                }
                Optional<String> canonical = candidate.item().canonicalUrl();
                if (canonical.isPresent() && canonical.get().getBytes(StandardCharsets.UTF_8).length > MAX_INDEXED_BYTES) {
                    warnings.add(new EntryWarning(label(i), "url_not_indexed",
                            "its canonical URL is over " + MAX_INDEXED_BYTES + " bytes, more than the index holds; stored without it, so other feeds cannot match it by URL"));
                } else if (canonical.isPresent()) {
                    claimedUrls[i] = canonical.get();
                    keyLocks.canonicalUrl(claimedUrls[i]);
                }
                storyKeys[i] = canonical.or(() -> candidate.item().url()).flatMap(urlRules::storyKey).orElse(null);
                if (storyKeys[i] != null) {
                    keyLocks.storyKey(storyKeys[i]);
                }
            }
        }

        /** One query for every identity key, canonical URL and story key of the document. */
        KeyMatches lookUpKeys(Connection connection) throws SQLException {
            List<String> keys = new ArrayList<>();
            for (int i = 0; i < candidates.size(); i++) {
                if (results[i] == null) {
                    keys.add(candidates.get(i).identityKey());
                }
            }
            Map<String, UUID> byKey = new HashMap<>();
            Map<String, String> contentByKey = new HashMap<>();
            Map<String, UUID> byUrl = new HashMap<>();
            Map<String, UUID> byStoryKey = new HashMap<>();
            try (PreparedStatement query = connection.prepareStatement("""
                    SELECT 'key', s.identity_key, s.item_id, i.content_hash FROM item_sighting s JOIN item i ON i.id = s.item_id
                    WHERE s.feed_id = ? AND s.identity_key = ANY(?)
                    UNION ALL
                    SELECT 'url', i.canonical_url, i.id, NULL FROM item i WHERE i.canonical_url = ANY(?)
                    UNION ALL
                    SELECT 'story', i.story_key, i.id, NULL FROM item i WHERE i.story_key = ANY(?) AND i.duplicate_of IS NULL
                    """)) {
                query.setLong(1, feed.id);
                query.setArray(2, connection.createArrayOf("text", keys.toArray()));
                query.setArray(3, connection.createArrayOf("text", present(claimedUrls)));
                query.setArray(4, connection.createArrayOf("text", present(storyKeys)));
                try (ResultSet rows = query.executeQuery()) {
                    while (rows.next()) {
                        Map<String, UUID> target = switch (rows.getString(1)) {
                            case "key" -> byKey;
                            case "url" -> byUrl;
                            default -> byStoryKey;
                        };
                        target.put(rows.getString(2), rows.getObject(3, UUID.class));
                        if (target == byKey) {
                            contentByKey.put(rows.getString(2), rows.getString(4));
                        }
                    }
                }
            }
            return new KeyMatches(byKey, contentByKey, byUrl, byStoryKey);
        }

        /** Entries with a fingerprint that no identity key, canonical URL or story key matched: the ones the text rule decides. */
        List<Integer> open(KeyMatches keys) {
            List<Integer> open = new ArrayList<>();
            for (int i = 0; i < candidates.size(); i++) {
                ItemCandidate candidate = candidates.get(i);
                boolean matched = results[i] != null || keys.byKey().containsKey(candidate.identityKey())
                        || claimedUrls[i] != null && keys.byUrl().containsKey(claimedUrls[i])
                        || storyKeys[i] != null && keys.byStoryKey().containsKey(storyKeys[i]);
                if (!matched && candidate.fingerprint().isPresent()) {
                    open.add(i);
                }
            }
            return open;
        }

        /**
         * Locks of the band keys of every entry that may write a text: a new item, a copy, a revision.
         * A concurrent poll bringing a copy of that text then waits and finds it. Entries their feed
         * already has with the same content write nothing and take none, so a steady poll with a few
         * new entries among many known ones takes a few band locks, not one set per entry.
         */
        StoryLocks textLocks(KeyMatches keys) {
            StoryLocks locks = new StoryLocks();
            for (int i = 0; i < candidates.size(); i++) {
                ItemCandidate candidate = candidates.get(i);
                boolean unchanged = candidate.contentHash().equals(keys.contentByKey().get(candidate.identityKey()));
                if (results[i] == null && !unchanged) {
                    locks.fingerprint(candidate.fingerprint());
                }
            }
            return locks;
        }

        /**
         * Recent items of other feeds that share a band key with an open entry, at most
         * {@link #TEXT_CANDIDATES} per entry, most shared keys first. One btree scan of
         * {@code story_band} with every band key of the document, so the cost follows the matches,
         * not the size of the store.
         */
        Map<Integer, List<UUID>> textCandidates(Connection connection, List<Integer> open) throws SQLException {
            Map<Long, List<Integer>> entriesByBand = new HashMap<>();
            for (int i : open) {
                for (long band : candidates.get(i).fingerprint().orElseThrow().bands()) {
                    entriesByBand.computeIfAbsent(band, b -> new ArrayList<>()).add(i);
                }
            }
            Map<Integer, List<UUID>> byText = new HashMap<>();
            if (entriesByBand.isEmpty()) {
                return byText;
            }
            Map<Integer, Map<UUID, Near>> near = new HashMap<>();
            try (PreparedStatement query = connection.prepareStatement("""
                    SELECT band, item_id, first_seen_at FROM story_band
                    WHERE band = ANY(?) AND feed_id <> ? AND first_seen_at > now() - make_interval(days => ?)
                    """)) {
                query.setArray(1, connection.createArrayOf("bigint", entriesByBand.keySet().toArray()));
                query.setLong(2, feed.id);
                query.setInt(3, SIMILARITY_WINDOW_DAYS);
                try (ResultSet rows = query.executeQuery()) {
                    while (rows.next()) {
                        UUID id = rows.getObject(2, UUID.class);
                        Instant firstSeenAt = rows.getTimestamp(3).toInstant();
                        for (int i : entriesByBand.getOrDefault(rows.getLong(1), List.of())) {
                            near.computeIfAbsent(i, n -> new HashMap<>())
                                    .merge(id, new Near(id, 1, firstSeenAt), (a, b) -> new Near(id, a.sharedBands() + 1, firstSeenAt));
                        }
                    }
                }
            }
            near.forEach((i, items) -> byText.put(i, items.values().stream().sorted(MOST_ALIKE_FIRST).limit(TEXT_CANDIDATES).map(Near::id).toList()));
            return byText;
        }

        /** Writes the band keys of every text this document brought, in one statement, so later copies find them. */
        void indexBands(Connection connection) throws SQLException {
            List<Long> bands = new ArrayList<>();
            List<UUID> itemIds = new ArrayList<>();
            List<Timestamp> firstSeen = new ArrayList<>();
            textsToIndex.forEach((item, fingerprint) -> {
                for (long band : fingerprint.bands()) {
                    bands.add(band);
                    itemIds.add(item.id);
                    firstSeen.add(Timestamp.from(item.firstSeenAt));
                }
            });
            insertBands(connection, feed.id, bands, itemIds, firstSeen);
        }

        /**
         * Loads every item the lookup named, and the first items of the stories they are duplicates
         * in. When {@code serialise}, the rows this document may change (revised items, the story
         * items a sighting or copy may add topics to) are locked, in id order after the advisory
         * locks: a revision, a sighting and a copy of one item take different advisory keys, so
         * without the row lock two of them could both write its next revision. The locking read
         * returns the row as the last writer committed it. Items an entry matched by identity key
         * with unchanged content are only read: a steady poll locks nothing it does not change.
         */
        void load(Lookup lookup, boolean serialise) {
            Set<UUID> written = new HashSet<>();
            lookup.keys().byUrl().values().forEach(written::add);
            lookup.keys().byStoryKey().values().forEach(written::add);
            lookup.byText().values().forEach(written::addAll);
            for (ItemCandidate candidate : candidates) {
                UUID id = lookup.keys().byKey().get(candidate.identityKey());
                if (id != null && !candidate.contentHash().equals(lookup.keys().contentByKey().get(candidate.identityKey()))) {
                    written.add(id);
                }
            }
            loadItems(written, serialise ? " FOR NO KEY UPDATE" : "");
            Set<UUID> readOnly = new HashSet<>(lookup.keys().byKey().values());
            readOnly.removeAll(items.keySet());
            loadItems(readOnly, "");
            lookup.keys().byUrl().forEach((url, id) -> urlOwners.put(url, items.get(id)));
            lookup.keys().byStoryKey().forEach((key, id) -> storyOwners.put(key, items.get(id)));
        }

        /** Loads {@code ids} and the first items of their stories in one statement, in id order, with {@code lockClause}. */
        private void loadItems(Set<UUID> ids, String lockClause) {
            if (ids.isEmpty()) {
                return;
            }
            @SuppressWarnings("unchecked")
            List<Item> loaded = entityManager.createNativeQuery("""
                    SELECT * FROM item
                    WHERE id = ANY(:ids) OR id IN (SELECT duplicate_of FROM item WHERE id = ANY(:ids))
                    ORDER BY id""" + lockClause, Item.class)
                    .setParameter("ids", ids.toArray(UUID[]::new))
                    .getResultList();
            for (Item item : loaded) {
                items.put(item.id, item);
            }
        }

        /** Decides every entry in document order; writes are only queued here. */
        void decide(Lookup lookup) {
            for (int i = 0; i < candidates.size(); i++) {
                if (results[i] != null) {
                    continue;
                }
                ItemCandidate candidate = candidates.get(i);
                UUID byKey = lookup.keys().byKey().get(candidate.identityKey());
                Item sameUrl = claimedUrls[i] == null ? null : urlOwners.get(claimedUrls[i]);
                Item sameStory = storyKeys[i] == null ? null : storyOwners.get(storyKeys[i]);
                if (byKey != null) {
                    known(i, items.get(byKey));
                } else if (sameUrl != null && sameUrl.feedId.equals(feed.id)) {
                    rekeyed(i, sameUrl);
                } else if (sameUrl != null) {
                    sighted(i, sameUrl);
                } else if (sameStory != null && sameStory.feedId.equals(feed.id)) {
                    rekeyed(i, sameStory);
                } else if (sameStory != null) {
                    duplicate(i, sameStory, MatchReason.URL_RULE);
                } else {
                    Optional<Item> sameText = sameText(i, lookup.byText().getOrDefault(i, List.of()));
                    if (sameText.isPresent()) {
                        duplicate(i, sameText.get(), MatchReason.CONTENT_SIMILARITY);
                    } else {
                        create(i);
                    }
                }
            }
            sightings.forEach(sighting -> sighting.persist());
        }

        /**
         * A feed that re-issues GUIDs for entries it already has, or gives one GUID to different
         * links, is keyed on its links from its next poll (on its content when its links do not
         * tell entries apart either). The switch is one warning on this poll's record.
         */
        void reviewPolicy() {
            if (IdentityPolicy.fromWire(feed.identityPolicy) != IdentityPolicy.GUID) {
                return;
            }
            long colliding = candidates.stream().filter(ItemCandidate::guidCollides).count();
            if (churned < churnThreshold && colliding < churnThreshold) {
                return;
            }
            boolean linksDistinguish = true;
            for (int i = 0; i < candidates.size(); i++) {
                ItemCandidate candidate = candidates.get(i);
                boolean hasLink = candidate.item().canonicalUrl().or(candidate.item()::url).isPresent();
                // A refused repeat of another entry says nothing about the feed's links.
                linksDistinguish &= results[i] instanceof StoreResult.Refused || candidate.linkIdentifies() || !hasLink;
            }
            IdentityPolicy next = linksDistinguish ? IdentityPolicy.URL : IdentityPolicy.CONTENT;
            feed.identityPolicy = next.wireName();
            String evidence = churned >= churnThreshold
                    ? churned + " entries arrived under new GUIDs with links this feed already has"
                    : colliding + " entries share a GUID with entries under other links";
            warnings.add(new EntryWarning("(feed)", "identity_policy_changed",
                    "this feed's GUIDs do not identify its entries (" + evidence + "); from the next poll entries are keyed by "
                            + (next == IdentityPolicy.URL ? "their canonical link" : "their title, date and text")));
        }

        /** An entry whose identity key is stored: a revision when its own feed changed the text. */
        private void known(int i, Item item) {
            if (!take(i, item)) {
                return;
            }
            if (!item.feedId.equals(feed.id)) {
                results[i] = new StoreResult.Unchanged(item);
                return;
            }
            revise(i, item);
        }

        /** An entry of this feed under a new key whose canonical URL or story key the feed's own item has: the same entry. */
        private void rekeyed(int i, Item item) {
            if (!take(i, item)) {
                return;
            }
            ItemCandidate candidate = candidates.get(i);
            if (candidate.keyedBy() == IdentityPolicy.GUID && candidate.identityKey().startsWith("guid")) {
                churned++;
            }
            addSighting(item, candidate, MatchReason.IDENTITY_CHANGED);
            revise(i, item);
        }

        private void revise(int i, Item item) {
            ItemCandidate candidate = candidates.get(i);
            String url = claimedUrls[i];
            if (url != null && !url.equals(item.canonicalUrl)) {
                Item owner = urlOwners.get(url);
                if (owner != null && owner != item) {
                    refuse(i, "canonical_url_taken", "its link now canonicalises to " + LogSafe.url(url) + ", which item " + owner.id
                            + " already has; this revision is not stored");
                    return;
                }
            }
            if (item.contentHash.equals(candidate.contentHash())) {
                results[i] = new StoreResult.Unchanged(item);
                return;
            }
            List<String> changed = new ArrayList<>(Revisions.changedFields(snapshot(item), candidate.item()));
            if (keepsPageBody(item, candidate.item())) {
                changed.remove("contentText");
            }
            if (item.canonicalUrl != null && !item.canonicalUrl.equals(url)) {
                urlOwners.remove(item.canonicalUrl);
            }
            apply(item, candidate, url, mergedTopics(item, candidate.topics()));
            candidate.fingerprint().ifPresent(fingerprint -> textsToIndex.put(item, fingerprint));
            if (url != null) {
                urlOwners.put(url, item);
            }
            item.revision++;
            results[i] = new StoreResult.Revised(item, changed, item.duplicateOf == null);
        }

        /** Another feed's entry with the canonical URL of a stored item: a sighting of that item. */
        private void sighted(int i, Item item) {
            if (!take(i, item)) {
                return;
            }
            ItemCandidate candidate = candidates.get(i);
            addSighting(item, candidate, MatchReason.CANONICAL_URL);
            Item original = original(item);
            results[i] = new StoreResult.Sighted(item, MatchReason.CANONICAL_URL, grow(original, candidate.topics()) ? Optional.of(original) : Optional.empty());
        }

        /** Another outlet's copy of a stored story under its own URL: its own item, in the story of the first. */
        private void duplicate(int i, Item matched, MatchReason reason) {
            Item original = original(matched);
            if (!take(i, original)) {
                return;
            }
            ItemCandidate candidate = candidates.get(i);
            Item copy = newItem(i);
            copy.storyId = original.storyId;
            copy.duplicateOf = original.id;
            copy.persist();
            addSighting(copy, candidate, reason);
            results[i] = new StoreResult.Duplicate(copy, original, reason, grow(original, candidate.topics()));
        }

        private void create(int i) {
            Item item = newItem(i);
            item.storyId = item.id;
            item.persist();
            if (storyKeys[i] != null) {
                storyOwners.put(storyKeys[i], item);
            }
            take(i, item);
            addSighting(item, candidates.get(i), MatchReason.ORIGIN);
            results[i] = new StoreResult.Created(item);
        }

        private Item newItem(int i) {
            Item item = new Item();
            item.id = UUID.randomUUID();
            item.feedId = feed.id;
            item.firstSeenAt = Instant.now();
            item.storyKey = storyKeys[i];
            apply(item, candidates.get(i), claimedUrls[i], candidates.get(i).topics());
            candidates.get(i).fingerprint().ifPresent(fingerprint -> textsToIndex.put(item, fingerprint));
            if (claimedUrls[i] != null) {
                urlOwners.put(claimedUrls[i], item);
            }
            return item;
        }

        /** The first of the candidates, most shared band keys first, whose text confirms it is the same story. */
        private Optional<Item> sameText(int i, List<UUID> near) {
            String text = StoryFingerprint.textOf(candidates.get(i).item());
            return near.stream()
                    .map(items::get)
                    .filter(stored -> StoryFingerprint.sameStory(text, StoryFingerprint.textOf(stored.title, stored.contentText != null ? stored.contentText : stored.summary)))
                    .findFirst();
        }

        private Item original(Item item) {
            return item.duplicateOf == null ? item : items.get(item.duplicateOf);
        }

        /** Maps entry {@code i} to {@code item}, or refuses it when an earlier entry of the document already did. */
        private boolean take(int i, Item item) {
            Integer earlier = taken.putIfAbsent(item.id, i);
            if (earlier == null) {
                return true;
            }
            refuse(i, "duplicate_entry", "the same stored story as " + label(earlier) + " of this document; only the first is stored");
            return false;
        }

        /** Adds the topics an entry brought to the story's first item: a new revision when it lacked any. */
        private boolean grow(Item original, List<Topic> seen) {
            List<Topic> stored = json.topics(original.topics);
            if (!TopicMerge.grows(stored, seen)) {
                return false;
            }
            original.topics = json.write(TopicMerge.merge(stored, seen));
            original.revision++;
            return true;
        }

        private List<Topic> mergedTopics(Item item, List<Topic> fresh) {
            return TopicMerge.merge(fresh, json.topics(item.topics));
        }

        private void addSighting(Item item, ItemCandidate candidate, MatchReason reason) {
            ItemSighting sighting = new ItemSighting();
            sighting.itemId = item.id;
            sighting.feedId = feed.id;
            sighting.identityKey = candidate.identityKey();
            sighting.guid = candidate.item().guid().orElse(null);
            sighting.url = candidate.item().url().orElse(null);
            sighting.matchReason = reason.wireName();
            sightings.add(sighting);
        }

        private void refuse(int i, String code, String detail) {
            EntryWarning warning = new EntryWarning(label(i), code, detail);
            warnings.add(warning);
            results[i] = new StoreResult.Refused(warning);
        }

        /** How the fetch log names an entry: its GUID, else its link, else its position. */
        private String label(int i) {
            NormalizedItem item = candidates.get(i).item();
            return LogSafe.text(item.guid().or(item::url).orElse("#" + (i + 1)), 300);
        }
    }

    /**
     * Indexes the band keys of a text {@code item} gained outside a poll (its article page's body),
     * so later copies of the story find it. Takes the band locks first, as a poll storing that text
     * would: a copy arriving meanwhile waits and then finds it. Call before locking the item's row.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void indexText(Item item, StoryFingerprint.Fingerprint fingerprint) {
        List<Long> bands = Arrays.stream(fingerprint.bands()).boxed().toList();
        entityManager.unwrap(Session.class).doWork(connection -> {
            new StoryLocks().fingerprint(Optional.of(fingerprint)).acquire(connection);
            insertBands(connection, item.feedId, bands, bands.stream().map(band -> item.id).toList(),
                    bands.stream().map(band -> Timestamp.from(item.firstSeenAt)).toList());
        });
    }

    private static void insertBands(Connection connection, long feedId, List<Long> bands, List<UUID> itemIds, List<Timestamp> firstSeen)
            throws SQLException {
        if (bands.isEmpty()) {
            return;
        }
        try (PreparedStatement insert = connection.prepareStatement("""
                INSERT INTO story_band (band, item_id, feed_id, first_seen_at)
                SELECT band, item_id, ?, first_seen_at FROM unnest(?::bigint[], ?::uuid[], ?::timestamptz[]) AS b(band, item_id, first_seen_at)
                """)) {
            insert.setLong(1, feedId);
            insert.setArray(2, connection.createArrayOf("bigint", bands.toArray()));
            insert.setArray(3, connection.createArrayOf("uuid", itemIds.toArray()));
            insert.setArray(4, connection.createArrayOf("timestamptz", firstSeen.toArray()));
            insert.executeUpdate();
        }
    }

    private void apply(Item item, ItemCandidate candidate, String canonicalUrl, List<Topic> topics) {
        NormalizedItem fresh = candidate.item();
        item.guid = fresh.guid().orElse(null);
        item.url = fresh.url().orElse(null);
        item.canonicalUrl = canonicalUrl == null ? item.canonicalUrl : canonicalUrl;
        item.title = fresh.title().orElse(null);
        item.summary = fresh.summary().orElse(null);
        if (!keepsPageBody(item, fresh)) {
            item.contentText = fresh.contentText().orElse(null);
            item.contentSource = Item.FROM_FEED;
        }
        item.author = fresh.author().orElse(null);
        item.language = fresh.language().orElse(null);
        item.publishedAt = fresh.published().orElse(null);
        item.updatedAt = fresh.updated().orElse(null);
        item.categories = new ArrayList<>(fresh.categories());
        item.topics = json.write(topics);
        item.enclosures = json.write(fresh.enclosures().stream()
                .map(e -> new EnclosureJson(e.url(), e.type().orElse(null), e.length().orElse(null)))
                .toList());
        item.contentHash = candidate.contentHash();
    }

    /**
     * A revision of the feed entry (a corrected title, a new teaser) keeps the article body read
     * from the item's page, unless the feed now carries a body at least as long: the teaser must
     * not overwrite the article subscribers already have.
     */
    private static boolean keepsPageBody(Item item, NormalizedItem fresh) {
        return Item.FROM_PAGE.equals(item.contentSource) && item.contentText != null
                && fresh.contentText().map(String::length).orElse(0) < item.contentText.length();
    }

    private static Object[] present(String[] values) {
        return Arrays.stream(values).filter(Objects::nonNull).distinct().toArray();
    }

    private static Revisions.Snapshot snapshot(Item item) {
        return new Revisions.Snapshot(item.title, item.url, item.summary, item.contentText, item.author, item.categories, item.updatedAt);
    }



    /** The stored shape of an enclosure; the same field names as the event's. */
    record EnclosureJson(String url, String type, Long length) {}
}
