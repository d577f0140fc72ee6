package org.newsingest.store;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.newsingest.dedupe.UrlRules;
import org.newsingest.feed.EntryWarning;
import org.newsingest.fetch.LogSafe;
import org.newsingest.normalize.NormalizedItem;

/**
 * One entry of a document on its way into the store: the candidate, the canonical URL and story
 * key it claims, and, once decided, what storing it did.
 */
final class Entry {

    /**
     * Longest canonical URL that is indexed, in UTF-8 bytes. A btree entry must fit in a third of
     * a page (2704 bytes with the tuple header); a longer key fails the insert. Real article URLs
     * are far shorter; a longer one is stored without claiming it.
     */
    static final int MAX_INDEXED_BYTES = 2000;

    final int position;
    final ItemCandidate candidate;
    /** The canonical URL this entry claims for its item; null when its link does not identify it or is too long to index. */
    final String claimedUrl;
    /** The story key a URL rule reads from the entry's link; null when no rule matches. */
    final String storyKey;
    /** Set once the entry is decided; null while it is open. */
    StoreResult result;

    private Entry(int position, ItemCandidate candidate, String claimedUrl, String storyKey) {
        this.position = position;
        this.candidate = candidate;
        this.claimedUrl = claimedUrl;
        this.storyKey = storyKey;
    }

    /**
     * The entry at {@code position}: claims its canonical URL and reads its story key only when its
     * link identifies it within the document.
     */
    static Entry of(int position, ItemCandidate candidate, UrlRules urlRules) {
        if (!candidate.identity().linkIdentifies()) {
            return new Entry(position, candidate, null, null);
        }
        Optional<String> canonical = candidate.item().canonicalUrl();
        String claimed = canonical.filter(url -> url.getBytes(StandardCharsets.UTF_8).length <= MAX_INDEXED_BYTES).orElse(null);
        String storyKey = canonical.or(() -> candidate.item().url()).flatMap(urlRules::storyKey).orElse(null);
        return new Entry(position, candidate, claimed, storyKey);
    }

    /** Whether the entry has a canonical URL too long to index: stored, but other feeds cannot match it by URL. */
    boolean urlTooLong() {
        return candidate.identity().linkIdentifies() && claimedUrl == null && candidate.item().canonicalUrl().isPresent();
    }

    boolean open() {
        return result == null;
    }

    String identityKey() {
        return candidate.identityKey();
    }

    NormalizedItem item() {
        return candidate.item();
    }

    /** Refuses the entry; the warning goes on the poll's record. */
    EntryWarning refuse(String code, String detail) {
        EntryWarning warning = new EntryWarning(label(), code, detail);
        result = new StoreResult.Refused(warning);
        return warning;
    }

    /** How the fetch log names an entry: its GUID, else its link, else its position. */
    String label() {
        NormalizedItem item = candidate.item();
        return LogSafe.text(item.guid().or(item::url).orElse("#" + (position + 1)), 300);
    }
}
