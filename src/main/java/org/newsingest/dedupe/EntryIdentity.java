package org.newsingest.dedupe;

/**
 * How one entry of a document is identified within its feed, and what the document shows about
 * its GUID and link.
 *
 * @param key the identity key, stable across polls ({@link IdentityKeys})
 * @param keyedBy the policy the key was made under
 * @param linkIdentifies whether the entry's link is its own within the document; a link several
 *     entries share (a live ticker's page) identifies none of them, so it is neither claimed as the
 *     item's canonical URL nor read for a story key
 * @param guidCollides whether the document gives the entry's GUID to other links too
 */
public record EntryIdentity(String key, IdentityPolicy keyedBy, boolean linkIdentifies, boolean guidCollides) {}
