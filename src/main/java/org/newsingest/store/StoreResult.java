package org.newsingest.store;

import java.util.List;

/** What storing one candidate did. Only {@link Created} and {@link Revised} produce events. */
public sealed interface StoreResult {

    Item item();

    /** A story never seen before. */
    record Created(Item item) implements StoreResult {}

    /** A known entry whose content changed: a new revision. */
    record Revised(Item item, List<String> changedFields) implements StoreResult {}

    /** A known entry, unchanged. */
    record Unchanged(Item item) implements StoreResult {}

    /** A new entry that is a story already stored (e.g. the same canonical URL in another feed). */
    record Sighted(Item item, MatchReason reason) implements StoreResult {}
}
