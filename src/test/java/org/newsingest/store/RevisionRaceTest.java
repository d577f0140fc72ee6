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
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.newsingest.dedupe.IdentityKeys;
import org.newsingest.dedupe.IdentityPolicy;
import org.newsingest.dedupe.Revisions;
import org.newsingest.dedupe.StoryFingerprint;
import org.newsingest.feed.Feed;
import org.newsingest.normalize.NormalizedItem;
import org.newsingest.publish.EventType;
import org.newsingest.publish.Outbox;
import org.newsingest.tag.Topic;
import org.newsingest.testing.RealEngines;
import org.newsingest.testing.StoredFeeds;

/**
 * Writers of one item that take different advisory locks, run at the same moment many times: a
 * revision in the item's own feed against another outlet's copy of its old text (which adds a
 * topic to it), a retag against a poll, and a replay against a revision. Each must see the other's
 * committed revision: no two first-publication events share an event id, and an item's events are
 * queued with revisions that only go up (replay copies never behind a newer revision).
 */
@QuarkusTest
@TestProfile(RealEngines.class)
class RevisionRaceTest {

    private static final Topic RACE_TOPIC = new Topic("category:revision-race", "revision race", Topic.FROM_FEED, 1.0);

    @Inject
    ItemStore store;

    @Inject
    Outbox outbox;

    @Inject
    EntityManager entityManager;

    @Test
    void aRevisionAndACopyThatGrowsTheSameItemNeverShareAnEventIdAndRevisionsOnlyGoUp() throws Exception {
        long own = StoredFeeds.notDue("https://own.example/race-" + System.nanoTime());
        long other = StoredFeeds.notDue("https://other.example/race-" + System.nanoTime());
        long seed = System.nanoTime();
        String run = Long.toString(seed);
        List<UUID> items = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int r = 0; r < 25; r++) {
                int round = r;
                String link = "https://own.example/" + run + "/story-" + round;
                String oldText = "Story " + round + " of run " + run + ". " + longText(seed + round * 104_729L + 3);
                StoreResult created = storeAndQueue(own, candidate(link, "Story " + round, oldText, List.of()));
                items.add(((StoreResult.Created) created).item().id);

                CyclicBarrier together = new CyclicBarrier(2);
                String newText = "Rewritten story " + round + ". " + longText(seed + round * 104_729L + 5);
                Future<StoreResult> revision = pool.submit(() -> {
                    together.await();
                    return storeAndQueue(own, candidate(link, "Story " + round + " (updated)", newText, List.of()));
                });
                Future<StoreResult> copy = pool.submit(() -> {
                    together.await();
                    return storeAndQueue(other, candidate("https://other.example/" + run + "/copy-" + round, "Story " + round, oldText,
                            List.of(RACE_TOPIC)));
                });
                revision.get(2, TimeUnit.MINUTES);
                copy.get(2, TimeUnit.MINUTES);
            }
        } finally {
            pool.shutdownNow();
        }
        assertEventIdsUniqueAndRevisionsRising(items);
    }

    /** Stores one entry for {@code feedId} and queues its events the way a poll does, in one transaction. */
    private StoreResult storeAndQueue(long feedId, ItemCandidate candidate) {
        return QuarkusTransaction.requiringNew().call(() -> {
            Feed feed = Feed.findById(feedId);
            StoreResult result = store.storeDocument(feed, List.of(candidate)).results().get(0);
            List<Outbox.Pending> events = new ArrayList<>();
            if (result instanceof StoreResult.Created c) {
                events.add(new Outbox.Pending(EventType.CREATED, c.item(), feed, List.of()));
            } else if (result instanceof StoreResult.Revised r && r.published()) {
                events.add(new Outbox.Pending(EventType.UPDATED, r.item(), feed, r.changedFields()));
            } else if (result instanceof StoreResult.Duplicate d) {
                events.add(new Outbox.Pending(EventType.CREATED, d.item(), feed, List.of()));
                if (d.grownTopics()) {
                    events.add(new Outbox.Pending(EventType.UPDATED, d.original(), Feed.findById(d.original().feedId), List.of("topics")));
                }
            }
            outbox.enqueue(events);
            return result;
        });
    }

    private void assertEventIdsUniqueAndRevisionsRising(List<UUID> items) {
        UUID[] ids = items.toArray(UUID[]::new);
        List<?> reused = QuarkusTransaction.requiringNew().call(() -> entityManager.createNativeQuery("""
                SELECT event_id, count(*) FROM outbox_event
                WHERE item_id = ANY(:items) AND replay_job_id IS NULL
                GROUP BY event_id HAVING count(*) > 1
                """).setParameter("items", ids).getResultList());
        assertThat(reused).as("event ids queued twice").isEmpty();
        List<?> backwards = QuarkusTransaction.requiringNew().call(() -> entityManager.createNativeQuery("""
                SELECT item_id, id, revision, previous FROM (
                    SELECT item_id, id, CAST(CAST(payload AS jsonb) ->> 'revision' AS int) AS revision,
                           lag(CAST(CAST(payload AS jsonb) ->> 'revision' AS int)) OVER (PARTITION BY item_id ORDER BY id) AS previous,
                           replay_job_id
                    FROM outbox_event WHERE item_id = ANY(:items)) e
                WHERE revision < previous OR (revision = previous AND replay_job_id IS NULL)
                """).setParameter("items", ids).getResultList());
        assertThat(backwards).as("events queued behind a newer revision of their item").isEmpty();
        for (UUID id : items) {
            Number revision = QuarkusTransaction.requiringNew().call(() -> (Number) entityManager.createNativeQuery(
                    "SELECT revision FROM item WHERE id = :id").setParameter("id", id).getSingleResult());
            Number queued = QuarkusTransaction.requiringNew().call(() -> (Number) entityManager.createNativeQuery(
                    "SELECT count(*) FROM outbox_event WHERE item_id = :id AND replay_job_id IS NULL").setParameter("id", id).getSingleResult());
            assertThat(queued.intValue()).as("first-publication events of item %s, one per revision", id).isEqualTo(revision.intValue());
        }
    }

    private static ItemCandidate candidate(String link, String title, String text, List<Topic> topics) {
        NormalizedItem item = new NormalizedItem(Optional.empty(), Optional.of(link), Optional.of(link), Optional.of(title), Optional.empty(),
                Optional.of(text), Optional.empty(), Optional.of("en"), Optional.empty(), Optional.empty(), List.of(), List.of());
        return new ItemCandidate(IdentityKeys.of(List.of(item), IdentityPolicy.GUID).get(0), item, Revisions.contentHash(item),
                StoryFingerprint.of(StoryFingerprint.textOf(item)), topics);
    }
}
