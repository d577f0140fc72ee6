package org.newsingest.dedupe;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.newsingest.normalize.NormalizedItem;

/**
 * The key that identifies an entry within its feed, stable across polls. The database's unique
 * constraint on (feed, key) is the real guard; this class only decides what the key is.
 *
 * <p>Under {@link IdentityPolicy#GUID}, in order: the GUID; the GUID plus the link when the GUID
 * repeats within one document (some CMSs give every entry the same GUID); the canonical link; the
 * link plus the content when entries without a usable GUID share one link (a live ticker's items
 * all point at the live page); the content when there is neither. Content means title, published
 * date and text, so two ticker items are two entries, never revisions of one another.
 * {@link IdentityPolicy#URL} skips the GUID steps, {@link IdentityPolicy#CONTENT} also the link
 * alone: every entry is its link plus content, or its content.
 */
public final class IdentityKeys {

    private IdentityKeys() {}

    /** One key per item, in the same order, under the default {@link IdentityPolicy#GUID}. */
    public static List<String> of(List<NormalizedItem> items) {
        return of(items, IdentityPolicy.GUID).stream().map(EntryIdentity::key).toList();
    }

    /** The identity of each of a document's items under {@code policy}, in the same order. */
    public static List<EntryIdentity> of(List<NormalizedItem> items, IdentityPolicy policy) {
        Map<String, Integer> guidCounts = new HashMap<>();
        Map<String, Integer> linkCounts = new HashMap<>();
        Map<String, Set<String>> linksPerGuid = new HashMap<>();
        // An entry repeated verbatim is one entry twice (the store refuses the repeat): it does not
        // make its GUID or link shared.
        Set<String> distinct = new HashSet<>();
        for (NormalizedItem item : items) {
            if (!distinct.add(item.guid().orElse("") + "\n" + link(item) + "\n" + content(item))) {
                continue;
            }
            String link = link(item);
            item.guid().ifPresent(guid -> {
                guidCounts.merge(guid, 1, Integer::sum);
                linksPerGuid.computeIfAbsent(guid, g -> new HashSet<>()).add(link);
            });
            if (!link.isEmpty()) {
                linkCounts.merge(link, 1, Integer::sum);
            }
        }
        List<EntryIdentity> identities = new ArrayList<>(items.size());
        for (NormalizedItem item : items) {
            String link = link(item);
            boolean uniqueLink = !link.isEmpty() && linkCounts.get(link) == 1;
            identities.add(new EntryIdentity(keyOf(item, policy, link, uniqueLink, guidCounts), policy, uniqueLink,
                    item.guid().filter(guid -> linksPerGuid.get(guid).size() > 1).isPresent()));
        }
        return identities;
    }

    private static String keyOf(NormalizedItem item, IdentityPolicy policy, String link, boolean uniqueLink, Map<String, Integer> guidCounts) {
        if (policy == IdentityPolicy.GUID && item.guid().isPresent()) {
            String guid = item.guid().get();
            if (guidCounts.get(guid) == 1) {
                return "guid:" + Digests.sha256(guid);
            }
            if (uniqueLink) {
                return "guid+link:" + Digests.sha256(guid + "\n" + link);
            }
            // A repeated GUID on a shared link (or none) identifies nothing: keyed as every policy
            // keys such an entry, so a later switch of policy finds it under the same key.
        }
        if (policy != IdentityPolicy.CONTENT && uniqueLink) {
            return "link:" + Digests.sha256(link);
        }
        if (!link.isEmpty()) {
            return "link+content:" + Digests.sha256(link + "\n" + content(item));
        }
        return "content:" + Digests.sha256(content(item));
    }

    private static String link(NormalizedItem item) {
        return item.canonicalUrl().or(item::url).orElse("");
    }

    /** Title, published date and text: what tells apart entries that share everything else. */
    private static String content(NormalizedItem item) {
        return item.title().orElse("") + "\n" + item.published().map(Object::toString).orElse("") + "\n"
                + item.contentText().or(item::summary).orElse("");
    }
}
