package org.newsingest.store;

import java.util.Optional;

/**
 * The store's decision table, as pure functions of what the lookups found: what one entry of a
 * document is (docs/dedupe.md). No database, no writes; {@link Document} carries the decision out.
 */
final class StoreDecision {

    private StoreDecision() {}

    /**
     * The stored items one entry matched, strongest evidence first.
     *
     * @param byKey the item stored under the entry's identity key in this feed
     * @param sameUrl the item that has the canonical URL the entry claims
     * @param sameStory the story's first item under the story key a URL rule gave the entry
     * @param sameText a recent item of another feed with nearly the same text; looked for only when
     *     nothing else matched ({@link #needsText})
     */
    record Matches(Optional<Item> byKey, Optional<Item> sameUrl, Optional<Item> sameStory, Optional<Item> sameText) {

        boolean needsText() {
            return byKey.isEmpty() && sameUrl.isEmpty() && sameStory.isEmpty();
        }
    }

    /** What an entry is. */
    sealed interface Decision {

        /** An entry another feed's item already has under this feed's key: nothing to write. */
        record Known(Item item) implements Decision {}

        /**
         * An entry of the item's own feed: a revision if its content changed. {@code rekeyed} when it
         * arrived under a new identity key (matched by canonical URL or story key): it gets a sighting under that key.
         */
        record Revise(Item item, boolean rekeyed) implements Decision {}

        /** Another feed's entry with the canonical URL of a stored item: a sighting of that item. */
        record Sight(Item item) implements Decision {}

        /** Another outlet's copy of a stored story under its own URL: its own item, in the matched item's story. */
        record Copy(Item matched, MatchReason reason) implements Decision {}

        /** A story never seen before. */
        record Create() implements Decision {}
    }

    /** The decision for an entry of feed {@code feedId}, from what matched it. */
    static Decision decide(long feedId, Matches matches) {
        if (matches.byKey().isPresent()) {
            Item item = matches.byKey().get();
            return ownFeed(item, feedId) ? new Decision.Revise(item, false) : new Decision.Known(item);
        }
        if (matches.sameUrl().isPresent()) {
            Item item = matches.sameUrl().get();
            return ownFeed(item, feedId) ? new Decision.Revise(item, true) : new Decision.Sight(item);
        }
        if (matches.sameStory().isPresent()) {
            Item item = matches.sameStory().get();
            return ownFeed(item, feedId) ? new Decision.Revise(item, true) : new Decision.Copy(item, MatchReason.URL_RULE);
        }
        return matches.sameText().<Decision>map(item -> new Decision.Copy(item, MatchReason.CONTENT_SIMILARITY))
                .orElseGet(Decision.Create::new);
    }

    /** What re-seeing an entry of the item's own feed does to the item. */
    enum Revision {
        /** The entry's link now canonicalises to a URL another item has: not stored. */
        URL_TAKEN,
        /** The same content as stored. */
        UNCHANGED,
        /** A new revision. */
        CHANGED
    }

    /**
     * @param claimedUrl the canonical URL the entry claims, if any
     * @param urlOwner the item that has {@code claimedUrl} now, stored or earlier in the document
     * @param contentHash the entry's content hash
     */
    static Revision revise(Item item, Optional<String> claimedUrl, Optional<Item> urlOwner, String contentHash) {
        boolean moves = claimedUrl.isPresent() && !claimedUrl.get().equals(item.canonicalUrl);
        if (moves && urlOwner.isPresent() && urlOwner.get() != item) {
            return Revision.URL_TAKEN;
        }
        return item.contentHash.equals(contentHash) ? Revision.UNCHANGED : Revision.CHANGED;
    }

    private static boolean ownFeed(Item item, long feedId) {
        return item.feedId == feedId;
    }
}
