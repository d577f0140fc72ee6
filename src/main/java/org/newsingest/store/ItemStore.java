package org.newsingest.store;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.newsingest.config.IngestConfig;
import org.newsingest.dedupe.StoryFingerprint;
import org.newsingest.dedupe.UrlRules;
import org.newsingest.feed.EntryWarning;
import org.newsingest.feed.Feed;

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
 *       so writers of one item that took different story locks (a revision, a sighting, a
 *       copy) still write its revisions one after the other;
 *   <li>every entry is decided ({@link StoreDecision}) in memory, then the writes go out as JDBC batches.
 * </ol>
 * The SQL is {@link ItemLookups}'; the identity-policy review is {@code dedupe.PolicyReview}'s.
 */
@ApplicationScoped
public class ItemStore {

    /** Republication usually follows within days; older items are not compared. */
    public static final int SIMILARITY_WINDOW_DAYS = 7;

    private final ItemLookups lookups;
    private final UrlRules urlRules;
    private final int churnThreshold;

    ItemStore(ItemLookups lookups, IngestConfig config) {
        this.lookups = lookups;
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

    /** What a document's store did: one result per entry, and the warnings for the poll's record. */
    public record StoredDocument(List<StoreResult> results, List<EntryWarning> warnings) {}

    private StoredDocument store(Feed feed, List<ItemCandidate> candidates, boolean serialise) {
        Document document = new Document(feed, candidates, urlRules);
        if (serialise) {
            lookups.lock(document.keyLocks());
        }
        ItemLookups.KeyMatches keys = lookups.keys(feed.id, document.identityKeys(), document.claimedUrls(), document.storyKeys());
        if (serialise) {
            lookups.lock(document.textLocks(keys));
        }
        Map<Integer, List<UUID>> byText = lookups.textCandidates(feed.id, document.textBands(keys));
        // Rows this document may change are locked after the story locks; the rest are only read.
        document.loaded(lookups.load(document.mayChange(keys, byText), serialise));
        document.loaded(lookups.load(document.readOnly(keys), false));
        document.decide(keys, byText);
        lookups.write(document.created(), document.changed(), document.sightings());
        lookups.indexBands(feed.id, document.bands());
        document.reviewPolicy(churnThreshold);
        return new StoredDocument(document.results(), document.warnings());
    }

    /**
     * Indexes the band keys of a text {@code item} gained outside a poll (its article page's body),
     * so later copies of the story find it. Takes the band locks first, as a poll storing that text
     * would: a copy arriving meanwhile waits and then finds it. Call before locking the item's row.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void indexText(Item item, StoryFingerprint.Fingerprint fingerprint) {
        lookups.lock(new StoryLocks().fingerprint(Optional.of(fingerprint)));
        lookups.indexBands(item.feedId, Arrays.stream(fingerprint.bands()).mapToObj(band -> new ItemLookups.Band(band, item.id, item.firstSeenAt)).toList());
    }
}
