package org.newsingest.dedupe;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.newsingest.normalize.NormalizedItem;

/** Decides whether a re-seen entry changed enough to be a new revision of its item. */
public final class Revisions {

    private Revisions() {}

    /** A hash over the fields a reader would notice changing. Dates alone do not make a revision. */
    public static String contentHash(NormalizedItem item) {
        return Digests.sha256(String.join("\u0000",
                item.title().orElse(""),
                item.url().orElse(""),
                item.summary().orElse(""),
                item.contentText().orElse(""),
                item.author().orElse(""),
                String.join("\u0001", item.categories())));
    }

    /** The names of the event fields that differ between the stored and the new version. */
    public static List<String> changedFields(Snapshot stored, NormalizedItem fresh) {
        List<String> changed = new ArrayList<>();
        compare(changed, "title", stored.title(), fresh.title().orElse(null));
        compare(changed, "url", stored.url(), fresh.url().orElse(null));
        compare(changed, "summary", stored.summary(), fresh.summary().orElse(null));
        compare(changed, "contentText", stored.contentText(), fresh.contentText().orElse(null));
        compare(changed, "author", stored.author(), fresh.author().orElse(null));
        compare(changed, "categories", stored.categories(), fresh.categories());
        compare(changed, "updatedAt", stored.updatedAt(), fresh.updated().orElse(null));
        return changed;
    }

    private static void compare(List<String> changed, String field, Object before, Object after) {
        if (!Objects.equals(before, after)) {
            changed.add(field);
        }
    }

    /** The stored fields {@link #changedFields} compares. */
    public record Snapshot(
            String title, String url, String summary, String contentText, String author,
            List<String> categories, Instant updatedAt) {}
}
