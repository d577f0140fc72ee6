package org.newsingest.store;

import java.util.Locale;

/** Why a sighting was attached to an item. */
public enum MatchReason {
    /** The feed entry that created the item. */
    ORIGIN("the entry that created this item"),
    /** Another feed entry whose link has the same canonical URL. */
    CANONICAL_URL("same canonical URL as an item already stored"),
    /** An entry of the item's own feed under a new identity key (a re-issued GUID, a changed slug). */
    IDENTITY_CHANGED("an entry of the same feed under another identity key, with the same canonical URL or story key"),
    /** Another outlet's URL that a URL rule maps to the same story key (e.g. one RFE/RL article id on two hosts). */
    URL_RULE("same story key as an item already stored (a URL rule: the same article id on another host)"),
    /** Another outlet's entry whose text is nearly the same as a recent item's. */
    CONTENT_SIMILARITY("nearly the same text as a recent item from another feed"),
    /** Another feed's entry whose article page redirects to, or declares as canonical, a URL of this story (extract/). */
    PAGE_URL("its article page leads to, or names as canonical, the URL of an item already stored");

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
