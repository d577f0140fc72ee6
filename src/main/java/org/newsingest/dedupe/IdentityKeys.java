package org.newsingest.dedupe;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
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
                    ? "guid+link:" + sha256(guid + "\n" + link)
                    : "guid:" + sha256(guid);
        }
        if (!link.isEmpty()) {
            return "link:" + sha256(link);
        }
        return "content:" + sha256(item.title().orElse("") + "\n" + item.contentText().or(item::summary).orElse(""));
    }

    static String sha256(String value) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(digest.digest(value.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
