package org.newsingest.extract;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.hibernate.Session;
import org.newsingest.dedupe.PageUrls;
import org.newsingest.publish.Outbox;
import org.newsingest.store.Item;
import org.newsingest.store.MatchReason;
import org.newsingest.store.StoryLocks;

/**
 * The identity rule the article page adds (docs/dedupe.md, "Page URLs"): a story whose page
 * redirects to, or names as canonical, the URL of an earlier story of another feed (its link, or
 * its own page's URLs) is that story. The page's URLs ({@link PageUrls}) are recorded in
 * {@code item_page_url}; when they meet another feed's story and this story's {@code created} has
 * not left yet, that event is withdrawn and the item becomes a duplicate in the earlier story
 * (sighting reason {@code page_url}), so one story still makes one {@code created}. A story
 * already published stays as it is; its URLs are recorded for the stories that come after it.
 *
 * <p>Runs in the extraction's transaction, before its band locks: the URL locks are the store's
 * ({@link StoryLocks}), taken in the order a poll takes them, so a poll storing an entry with one
 * of these URLs and this join never both decide.
 */
@ApplicationScoped
class PageStoryJoin {

    private final EntityManager entityManager;
    private final Outbox outbox;

    PageStoryJoin(EntityManager entityManager, Outbox outbox) {
        this.entityManager = entityManager;
        this.outbox = outbox;
    }

    /** Records the page's URLs for {@code item}; true when the item joined an earlier story (and publishes nothing). */
    @Transactional(Transactional.TxType.MANDATORY)
    boolean join(Item item, Set<String> pageUrls) {
        Set<String> urls = new TreeSet<>(pageUrls);
        Optional.ofNullable(item.canonicalUrl).filter(PageUrls::identifies).ifPresent(urls::add);
        if (urls.isEmpty()) {
            return false;
        }
        StoryLocks locks = new StoryLocks();
        urls.forEach(locks::canonicalUrl);
        entityManager.unwrap(Session.class).doWork(locks::acquire);
        for (String url : pageUrls) {
            entityManager.createNativeQuery("INSERT INTO item_page_url (url, item_id, feed_id) VALUES (:url, :item, :feed) ON CONFLICT DO NOTHING")
                    .setParameter("url", url).setParameter("item", item.id).setParameter("feed", item.feedId).executeUpdate();
        }
        urls.removeAll(ambiguousInOwnFeed(item, urls));
        Optional<UUID> story = earlierStory(item, urls);
        if (story.isEmpty() || item.duplicateOf != null || !item.id.equals(item.storyId) || !outbox.withdrawCreated(item)) {
            return false;
        }
        // The item and any copies already matched to it move into the earlier story.
        entityManager.createNativeQuery("UPDATE item SET story_id = :story, duplicate_of = :story WHERE story_id = :item")
                .setParameter("story", story.get()).setParameter("item", item.id).executeUpdate();
        entityManager.createNativeQuery("UPDATE item_sighting SET match_reason = :reason WHERE item_id = :item AND match_reason = :origin")
                .setParameter("reason", MatchReason.PAGE_URL.wireName()).setParameter("origin", MatchReason.ORIGIN.wireName())
                .setParameter("item", item.id).executeUpdate();
        return true;
    }

    /** URLs another story of the item's own feed names too: a CMS that gives many articles one canonical URL. They identify nothing. */
    private List<String> ambiguousInOwnFeed(Item item, Set<String> urls) {
        @SuppressWarnings("unchecked")
        List<String> shared = entityManager.createNativeQuery("""
                SELECT DISTINCT p.url FROM item_page_url p JOIN item i ON i.id = p.item_id
                WHERE p.url = ANY(cast(:urls AS text[])) AND p.feed_id = :feed AND i.story_id <> :story
                """)
                .setParameter("urls", urls.toArray(String[]::new)).setParameter("feed", item.feedId).setParameter("story", item.storyId)
                .getResultList();
        return new ArrayList<>(shared);
    }

    /** The earliest other feed's story with an item whose link or page has one of {@code urls}. */
    private Optional<UUID> earlierStory(Item item, Set<String> urls) {
        if (urls.isEmpty()) {
            return Optional.empty();
        }
        @SuppressWarnings("unchecked")
        List<UUID> stories = entityManager.createNativeQuery("""
                SELECT i.story_id FROM item i
                WHERE i.story_id <> :story AND i.feed_id <> :feed
                  AND (i.canonical_url = ANY(cast(:urls AS text[]))
                       OR i.id IN (SELECT p.item_id FROM item_page_url p WHERE p.url = ANY(cast(:urls AS text[]))))
                ORDER BY i.first_seen_at, i.id LIMIT 1
                """)
                .setParameter("story", item.storyId).setParameter("feed", item.feedId).setParameter("urls", urls.toArray(String[]::new))
                .getResultList();
        return stories.stream().findFirst();
    }
}
