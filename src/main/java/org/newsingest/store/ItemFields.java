package org.newsingest.store;

import java.util.ArrayList;
import java.util.List;
import org.newsingest.dedupe.Revisions;
import org.newsingest.normalize.NormalizedItem;
import org.newsingest.tag.Topic;

/** How a feed entry's fields land on its item, new or revised. */
final class ItemFields {

    private ItemFields() {}

    /** Sets every field of {@code item} the entry carries; {@code canonicalUrl} replaces the stored one only when given. */
    static void apply(Item item, ItemCandidate candidate, String canonicalUrl, List<Topic> topics) {
        NormalizedItem fresh = candidate.item();
        item.guid = fresh.guid().orElse(null);
        item.url = fresh.url().orElse(null);
        item.canonicalUrl = canonicalUrl == null ? item.canonicalUrl : canonicalUrl;
        item.title = fresh.title().orElse(null);
        item.summary = fresh.summary().orElse(null);
        if (!keepsPageBody(item, fresh)) {
            item.contentText = fresh.contentText().orElse(null);
            item.contentSource = Item.FROM_FEED;
        }
        item.author = fresh.author().orElse(null);
        item.language = fresh.language().orElse(null);
        item.publishedAt = fresh.published().orElse(null);
        item.updatedAt = fresh.updated().orElse(null);
        item.categories = new ArrayList<>(fresh.categories());
        item.topics = new ArrayList<>(topics);
        item.enclosures = fresh.enclosures().stream()
                .map(e -> new Item.Enclosure(e.url(), e.type().orElse(null), e.length().orElse(null)))
                .toList();
        item.contentHash = candidate.contentHash();
    }

    /**
     * A revision of the feed entry (a corrected title, a new teaser) keeps the article body read
     * from the item's page, unless the feed now carries a body at least as long: the teaser must
     * not overwrite the article subscribers already have.
     */
    static boolean keepsPageBody(Item item, NormalizedItem fresh) {
        return Item.FROM_PAGE.equals(item.contentSource) && item.contentText != null
                && fresh.contentText().map(String::length).orElse(0) < item.contentText.length();
    }

    /** The event fields a re-seen entry changes on its item. */
    static List<String> changedFields(Item item, NormalizedItem fresh) {
        List<String> changed = new ArrayList<>(Revisions.changedFields(
                new Revisions.Snapshot(item.title, item.url, item.summary, item.contentText, item.author, item.categories, item.updatedAt), fresh));
        if (keepsPageBody(item, fresh)) {
            changed.remove("contentText");
        }
        return changed;
    }
}
