package org.newsingest.dedupe;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.newsingest.normalize.NormalizedItem;

/**
 * The key that identifies an entry within its feed, stable across polls. The database's unique
 * constraint on (feed, key) is the real guard; this class only decides what the key is.
 *
 * <p>Fallbacks, in order: the GUID; the GUID plus the link when the GUID repeats within one
 * document (some CMSs give every entry the same GUID); the canonical link; a hash of title and
 * content when there is neither.
 */
public final class IdentityKeys {

    private IdentityKeys() {}

    /** One key per item, in the same order. */
    public static List<String> of(List<NormalizedItem> items) {
        Map<String, Integer> guidCounts = new HashMap<>();
        for (NormalizedItem item : items) {
            item.guid().ifPresent(guid -> guidCounts.merge(guid, 1, Integer::sum));
        }
        return items.stream().map(item -> keyOf(item, guidCounts)).toList();
    }

    private static String keyOf(NormalizedItem item, Map<String, Integer> guidCounts) {
        String link = item.canonicalUrl().or(item::url).orElse("");
        if (item.guid().isPresent()) {
            String guid = item.guid().get();
            return guidCounts.get(guid) > 1 && !link.isEmpty()
                    ? "guid+link:" + Digests.sha256(guid + "\n" + link)
                    : "guid:" + Digests.sha256(guid);
        }
        if (!link.isEmpty()) {
            return "link:" + Digests.sha256(link);
        }
        return "content:" + Digests.sha256(item.title().orElse("") + "\n" + item.contentText().or(item::summary).orElse(""));
    }
}
