package org.newsingest.dedupe;

import java.util.Locale;

/**
 * What a feed's entries are keyed on. Every feed starts on {@link #GUID}; the store switches a
 * feed whose GUIDs cannot be trusted (they churn or collide) to {@link #URL}, or to
 * {@link #CONTENT} when its links do not tell its entries apart either.
 */
public enum IdentityPolicy {
    /** The GUID, falling back to the link, then to the content. */
    GUID,
    /** The canonical link, falling back to the content; GUIDs are ignored. */
    URL,
    /** Title, published date and text: every different text is a different entry. */
    CONTENT;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static IdentityPolicy fromWire(String value) {
        return value == null ? GUID : valueOf(value.toUpperCase(Locale.ROOT));
    }
}
