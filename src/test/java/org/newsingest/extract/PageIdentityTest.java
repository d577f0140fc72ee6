package org.newsingest.extract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.newsingest.testing.ArticlePages;
import org.newsingest.testing.EventChecks;
import org.newsingest.testing.PipelineTest;
import org.newsingest.testing.TopicReader;

/**
 * The page's own URLs join the story identity (docs/dedupe.md, "Page URLs"): one story reached
 * through a tracking redirect in one feed and through another outlet's syndicated copy, which names
 * the article as canonical, in another is one story with one {@code created}; pages that name a home
 * page, or one canonical URL for several articles of one feed, merge nothing.
 */
@QuarkusTest
@TestProfile(ExtractionPipelineTest.PagesOn.class)
class PageIdentityTest extends PipelineTest {

    @Inject
    EntityManager entityManager;

    @Test
    void aTrackingRedirectAndASyndicatedCopyOfOnePageAreOneStoryWithOneCreated() {
        server.serve("/articles/geneva-talks", "text/html", page("geneva-talks", "/articles/geneva-talks"));
        server.redirect("/track/click-8812", 302, server.url("/articles/geneva-talks"));
        server.serve("/partner/reprint-5521", "text/html", page("geneva-talks", "/articles/geneva-talks"));
        server.serve("/feeds/outlet", ArticlePages.feed("Outlet", Map.of("Geneva talks resume", server.url("/track/click-8812"))));
        server.serve("/feeds/partner", ArticlePages.feed("Partner", Map.of("Negotiators meet again, partner reports", server.url("/partner/reprint-5521"))));

        try (TopicReader reader = reader()) {
            int outlet = subscribe("/feeds/outlet", List.of());
            int partner = subscribe("/feeds/partner", List.of());
            await().atMost(ARRIVAL).until(() -> joinedItems(Set.of(outlet, partner)) == 2);
            List<ConsumerRecord<String, byte[]>> events = reader.drain(Duration.ofSeconds(5)).stream()
                    .filter(r -> Set.of(outlet, partner).contains(body(r).get("feed").get("id").asInt())).toList();
            assertThat(events).as("one story, one created, and nothing from the joined copy").hasSize(1);
            events.forEach(EventChecks::assertValid);
            assertThat(EventChecks.headers(events.get(0)).get("ce_type")).isEqualTo("news.item.created");
            JsonNode created = body(events.get(0));
            assertThat(created.get("contentSource").asText()).isEqualTo("page");
            assertThat(created.get("contentText").asText()).isEqualTo(ArticlePages.body("geneva-talks"));
            assertThat(duplicates(Set.of(outlet, partner))).as("the copy read second is a duplicate in the first one's story").isEqualTo(1);
            assertThat(sightingReasons(Set.of(outlet, partner))).containsExactlyInAnyOrder("origin", "page_url");
        }
    }

    @Test
    void pagesNamingAHomePageOrOneCanonicalForSeveralArticlesOfAFeedStaySeparateStories() {
        server.serve("/site-a/budget", "text/html", page("budget", "/"));
        server.serve("/site-b/election", "text/html", page("election", "/"));
        server.serve("/site-c/floods", "text/html", page("floods", "/site-c/news"));
        server.serve("/site-c/harvest", "text/html", page("harvest", "/site-c/news"));
        server.serve("/feeds/site-a", ArticlePages.feed("Site A", Map.of("Budget passes", server.url("/site-a/budget"))));
        server.serve("/feeds/site-b", ArticlePages.feed("Site B", Map.of("Election called", server.url("/site-b/election"))));
        server.serve("/feeds/site-c", ArticlePages.feed("Site C", Map.of(
                "Floods in the north", server.url("/site-c/floods"), "Harvest starts early", server.url("/site-c/harvest"))));

        try (TopicReader reader = reader()) {
            int siteA = subscribe("/feeds/site-a", List.of());
            int siteB = subscribe("/feeds/site-b", List.of());
            int siteC = subscribe("/feeds/site-c", List.of());
            await().atMost(ARRIVAL).until(() -> extractedItems(Set.of(siteA, siteB, siteC)) == 4);
            List<ConsumerRecord<String, byte[]>> events = reader.drain(Duration.ofSeconds(5)).stream()
                    .filter(r -> Set.of(siteA, siteB, siteC).contains(body(r).get("feed").get("id").asInt())).toList();
            assertThat(events).extracting(r -> EventChecks.headers(r).get("ce_type")).containsOnly("news.item.created");
            assertThat(events).extracting(r -> body(r).get("title").asText())
                    .containsExactlyInAnyOrder("Budget passes", "Election called", "Floods in the north", "Harvest starts early");
            assertThat(duplicates(Set.of(siteA, siteB, siteC))).isZero();
        }
    }

    /** An article page (the shared test article) that names {@code canonicalPath} on the test origin as its canonical URL. */
    private static byte[] page(String story, String canonicalPath) {
        return ArticlePages.article(story, "Iryna Shevchenko")
                .replace("</head>", "<link rel=\"canonical\" href=\"" + server.url(canonicalPath) + "\"></head>")
                .getBytes(StandardCharsets.UTF_8);
    }

    /** Items of {@code feeds} whose extraction finished and that share one story. */
    @Transactional
    long joinedItems(Set<Integer> feeds) {
        return ((Number) entityManager.createNativeQuery("""
                SELECT count(*) FROM item i JOIN item_extraction x ON x.item_id = i.id
                WHERE i.feed_id IN (:feeds) AND x.state <> 'pending'
                  AND i.story_id IN (SELECT story_id FROM item WHERE feed_id IN (:feeds) GROUP BY story_id HAVING count(*) > 1)
                """).setParameter("feeds", feeds.stream().map(Long::valueOf).toList()).getSingleResult()).longValue();
    }

    @Transactional
    long extractedItems(Set<Integer> feeds) {
        return ((Number) entityManager.createNativeQuery("""
                SELECT count(*) FROM item i JOIN item_extraction x ON x.item_id = i.id WHERE i.feed_id IN (:feeds) AND x.state = 'extracted'
                """).setParameter("feeds", feeds.stream().map(Long::valueOf).toList()).getSingleResult()).longValue();
    }

    @Transactional
    @SuppressWarnings("unchecked")
    List<String> sightingReasons(Set<Integer> feeds) {
        return entityManager.createNativeQuery("SELECT match_reason FROM item_sighting WHERE feed_id IN (:feeds)")
                .setParameter("feeds", feeds.stream().map(Long::valueOf).toList()).getResultList();
    }

    @Transactional
    long duplicates(Set<Integer> feeds) {
        return ((Number) entityManager.createNativeQuery("SELECT count(*) FROM item WHERE feed_id IN (:feeds) AND duplicate_of IS NOT NULL")
                .setParameter("feeds", feeds.stream().map(Long::valueOf).toList()).getSingleResult()).longValue();
    }
}
