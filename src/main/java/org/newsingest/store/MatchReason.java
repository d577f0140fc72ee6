package org.newsingest.store;

import java.util.Locale;

/** Why a sighting was attached to an item. */
public enum MatchReason {
    /** The feed entry that created the item. */
    ORIGIN("the entry that created this item"),
    /** Another feed entry whose link has the same canonical URL. */
    CANONICAL_URL("same canonical URL as an item already stored"),
    /** Another outlet's entry whose text is nearly the same as a recent item's. */
    CONTENT_SIMILARITY("nearly the same text as a recent item from another feed");

    private final String explanation;

    MatchReason(String explanation) {
        this.explanation = explanation;
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public String explanation() {
        return explanation;
    }
}
