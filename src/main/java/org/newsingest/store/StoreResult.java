package org.newsingest.store;

import java.util.List;
import java.util.Optional;
import org.newsingest.feed.EntryWarning;

/**
 * What storing one entry of a document did. Only {@link Created} and a {@link Revised} or
 * {@link Sighted} with {@code published} set produce events: a story has one {@code created}.
 */
public sealed interface StoreResult {

    /** A story never seen before. */
    record Created(Item item) implements StoreResult {}

    /**
     * A known entry whose content changed: a new revision. Not {@code published} when the item is
     * a duplicate of another outlet's item (the story's events come from the first one).
     */
    record Revised(Item item, List<String> changedFields, boolean published) implements StoreResult {}

    /** A known entry, unchanged. */
    record Unchanged(Item item) implements StoreResult {}

    /**
     * A new entry whose item is already stored (the same canonical URL in another feed). When the
     * entry brought topics the story lacked, {@code grown} is the story's first item, now a new
     * revision to publish with {@code changedFields: ["topics"]}.
     */
    record Sighted(Item item, MatchReason reason, Optional<Item> grown) implements StoreResult {}

    /**
     * A new entry under its own URL that is a story already stored (same URL-rule story key, or
     * nearly the same text): stored as its own item, in the original's story. {@code original}
     * is the story's first item; when its topics grew, it is a new revision to publish.
     */
    record Duplicate(Item item, Item original, MatchReason reason, boolean grownTopics) implements StoreResult {}

    /** An entry the database would refuse or that would merge two entries into one item: not stored. */
    record Refused(EntryWarning warning) implements StoreResult {}
}
