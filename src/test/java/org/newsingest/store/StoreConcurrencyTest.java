package org.newsingest.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.newsingest.testing.Stories.longText;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.hibernate.Session;
import org.junit.jupiter.api.Test;
import org.newsingest.dedupe.IdentityKeys;
import org.newsingest.dedupe.IdentityPolicy;
import org.newsingest.dedupe.Revisions;
import org.newsingest.dedupe.StoryFingerprint;
import org.newsingest.feed.Feed;
import org.newsingest.normalize.NormalizedItem;
import org.newsingest.testing.RealEngines;
import org.newsingest.testing.StoredFeeds;

/**
 * Concurrent documents against the real database: the store's locks make "same story?" one
 * decision per story however the polls interleave, and never deadlock.
 */
@QuarkusTest
@TestProfile(RealEngines.class)
class StoreConcurrencyTest {

    @Inject
    ItemStore store;

    @Inject
    EntityManager entityManager;

    /**
     * Ten stories, each in two outlets under different URLs, all twenty documents stored at the
     * same moment: every pair meets only on the text path, and exactly ten stories are created.
     */
    @Test
    void tenPairsStoredAtTheSameMomentAreTenStories() throws Exception {
        List<Long> feeds = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            feeds.add(StoredFeeds.notDue("https://outlet-" + (i % 2) + ".example/pairs-" + System.nanoTime() + "/" + i));
        }
        String run = Long.toString(System.nanoTime());
        CyclicBarrier start = new CyclicBarrier(20);
        ExecutorService pool = Executors.newFixedThreadPool(20);
        try {
            List<Future<StoreResult>> results = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                long feedId = feeds.get(i);
                int story = i / 2;
                String link = "https://outlet-" + (i % 2) + ".example/" + run + "/story-" + story;
                String text = "Story " + story + " of run " + run + ". " + longText(story * 7919L + 17);
                results.add(pool.submit(() -> {
                    start.await();
                    return QuarkusTransaction.requiringNew().call(() ->
                            store.storeDocument(Feed.findById(feedId), List.of(candidate(link, "Story " + story, text))).results().get(0));
                }));
            }
            long created = 0;
            long duplicates = 0;
            for (Future<StoreResult> result : results) {
                StoreResult stored = result.get(2, TimeUnit.MINUTES);
                created += stored instanceof StoreResult.Created ? 1 : 0;
                duplicates += stored instanceof StoreResult.Duplicate ? 1 : 0;
            }
            assertThat(created).isEqualTo(10);
            assertThat(duplicates).isEqualTo(10);
            Number stories = QuarkusTransaction.requiringNew().call(() -> (Number) entityManager.createNativeQuery(
                    "SELECT count(DISTINCT story_id) FROM item WHERE feed_id = ANY(CAST(:feeds AS bigint[]))")
                    .setParameter("feeds", feeds.toArray(Long[]::new))
                    .getSingleResult());
            assertThat(stories.intValue()).isEqualTo(10);
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * One RFE/RL article in the English service's feed and in the Russian service's, each document
     * stored at the same moment as the other, twenty times over: the entries share no canonical
     * URL and no text, only the story key their URLs give ({@code rferl:<id>}), and every time one
     * is the story and the other its duplicate.
     */
    @Test
    void oneRferlArticleOnTwoHostsStoredAtTheSameMomentIsOneStory() throws Exception {
        long english = StoredFeeds.notDue("https://www.rferl.org/api/rss-" + System.nanoTime());
        long russian = StoredFeeds.notDue("https://www.svoboda.org/api/rss-" + System.nanoTime());
        long firstArticle = 50_000_000L + (System.currentTimeMillis() % 1_000_000L) * 100;
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 20; round++) {
                long article = firstArticle + round;
                CyclicBarrier together = new CyclicBarrier(2);
                Future<StoreResult> ofEnglish = pool.submit(() -> storeTogether(together, english, candidate(
                        "https://www.rferl.org/a/kremlin-denies-mobilization/" + article + ".html", "Kremlin Denies Plans For New Mobilization",
                        "The Kremlin said on Monday it had no plans for a new wave of mobilization.")));
                Future<StoreResult> ofRussian = pool.submit(() -> storeTogether(together, russian, candidate(
                        "https://www.svoboda.org/a/" + article + ".html", "Kremlin denies mobilization plans", "Peskov: no new mobilization.")));
                List<StoreResult> results = List.of(ofEnglish.get(2, TimeUnit.MINUTES), ofRussian.get(2, TimeUnit.MINUTES));

                assertThat(results).filteredOn(StoreResult.Created.class::isInstance).hasSize(1);
                assertThat(results).filteredOn(StoreResult.Duplicate.class::isInstance).hasSize(1);
                StoreResult.Duplicate duplicate = only(results, StoreResult.Duplicate.class);
                assertThat(duplicate.reason()).isEqualTo(MatchReason.URL_RULE);
                assertThat(duplicate.original().id).isEqualTo(only(results, StoreResult.Created.class).item().id);
                String storyKey = "rferl:" + article;
                assertThat(count("SELECT count(*) FROM item WHERE story_key = :key", storyKey)).isEqualTo(2);
                assertThat(count("SELECT count(*) FROM item WHERE story_key = :key AND duplicate_of IS NULL", storyKey)).isEqualTo(1);
                assertThat(count("SELECT count(DISTINCT story_id) FROM item WHERE story_key = :key", storyKey)).isEqualTo(1);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** Stores a one-entry document for {@code feedId} in a transaction of its own, once the other thread is ready too. */
    private StoreResult storeTogether(CyclicBarrier together, long feedId, ItemCandidate candidate) throws Exception {
        together.await();
        return QuarkusTransaction.requiringNew().call(() -> store.storeDocument(Feed.findById(feedId), List.of(candidate)).results().get(0));
    }

    private static <T extends StoreResult> T only(List<StoreResult> results, Class<T> type) {
        return results.stream().filter(type::isInstance).map(type::cast).findFirst().orElseThrow();
    }

    private long count(String sql, String storyKey) {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) entityManager.createNativeQuery(sql)
                .setParameter("key", storyKey)
                .getSingleResult()).longValue());
    }

    /**
     * Two documents whose entries need the same lock keys in opposite document orders, many times
     * at once: each takes all its keys ascending in one statement, so none waits in a cycle and
     * PostgreSQL never has to break a deadlock.
     */
    @Test
    void documentsLockingOverlappingKeysInOppositeOrdersDoNotDeadlock() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int round = 0; round < 20; round++) {
                CyclicBarrier together = new CyclicBarrier(2);
                String a = "https://a.example/" + round;
                String b = "https://b.example/" + round;
                done.add(pool.submit(() -> holdLocks(together, a, b)));
                done.add(pool.submit(() -> holdLocks(together, b, a)));
            }
            for (Future<?> each : done) {
                each.get(2, TimeUnit.MINUTES);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private Void holdLocks(CyclicBarrier together, String first, String second) throws Exception {
        together.await();
        QuarkusTransaction.requiringNew().run(() -> entityManager.unwrap(Session.class).doWork(connection -> {
            new StoryLocks().canonicalUrl(first).canonicalUrl(second).acquire(connection);
            connection.createStatement().execute("SELECT pg_sleep(0.05)");
        }));
        return null;
    }

    private static ItemCandidate candidate(String link, String title, String text) {
        NormalizedItem item = new NormalizedItem(Optional.empty(), Optional.of(link), Optional.of(link), Optional.of(title), Optional.empty(),
                Optional.of(text), Optional.empty(), Optional.of("en"), Optional.empty(), Optional.empty(), List.of(), List.of());
        return new ItemCandidate(IdentityKeys.of(List.of(item), IdentityPolicy.GUID).get(0), item, Revisions.contentHash(item),
                StoryFingerprint.of(StoryFingerprint.textOf(item)), List.of());
    }

}
