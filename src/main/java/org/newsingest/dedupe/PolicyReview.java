package org.newsingest.dedupe;

import java.util.List;
import java.util.Optional;

/**
 * Reviews a feed's identity policy after a document was stored. A feed on {@link IdentityPolicy#GUID}
 * that re-issues GUIDs for entries it already has, or gives one GUID to different links, is keyed on
 * its links from its next poll, or on its content when its links do not tell its entries apart either.
 */
public final class PolicyReview {

    private PolicyReview() {}

    /**
     * What the stored document showed about one entry.
     *
     * @param identity the entry's identity, as keyed for this document
     * @param hasLink whether the entry has a link at all (canonical or as given)
     * @param refused whether the store refused the entry as a repeat of another one of the document
     */
    public record Signal(EntryIdentity identity, boolean hasLink, boolean refused) {}

    /** A switch of the feed's policy, with the sentence the poll's record gives as its reason. */
    public record Change(IdentityPolicy next, String detail) {}

    /**
     * The policy the feed switches to, if any.
     *
     * @param churned entries of the feed that arrived under a new GUID with a link or story key the feed's own item already has
     * @param threshold how many churned, or colliding, entries one document needs to show before the switch
     */
    public static Optional<Change> review(IdentityPolicy current, List<Signal> entries, int churned, int threshold) {
        if (current != IdentityPolicy.GUID) {
            return Optional.empty();
        }
        long colliding = entries.stream().filter(entry -> entry.identity().guidCollides()).count();
        if (churned < threshold && colliding < threshold) {
            return Optional.empty();
        }
        // A refused repeat of another entry says nothing about the feed's links.
        boolean linksDistinguish = entries.stream().allMatch(entry -> entry.refused() || entry.identity().linkIdentifies() || !entry.hasLink());
        IdentityPolicy next = linksDistinguish ? IdentityPolicy.URL : IdentityPolicy.CONTENT;
        String evidence = churned >= threshold
                ? churned + " entries arrived under new GUIDs with links this feed already has"
                : colliding + " entries share a GUID with entries under other links";
        return Optional.of(new Change(next, "this feed's GUIDs do not identify its entries (" + evidence + "); from the next poll entries are keyed by "
                + (next == IdentityPolicy.URL ? "their canonical link" : "their title, date and text")));
    }

    /** Whether an entry matched to its feed's own item under a new key counts as a re-issued GUID. */
    public static boolean churns(EntryIdentity identity) {
        return identity.keyedBy() == IdentityPolicy.GUID && identity.key().startsWith("guid");
    }
}
