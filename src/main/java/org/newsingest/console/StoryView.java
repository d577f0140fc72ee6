package org.newsingest.console;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.newsingest.api.StoryResource;
import org.newsingest.store.MatchReason;

/** A story's page, from the same reading as {@code GET /api/v1/stories/{id}}: every item, feed, URL and outlet, with the rule that matched. */
@ApplicationScoped
public class StoryView {

    private final StoryResource stories;

    StoryView(StoryResource stories) {
        this.stories = stories;
    }

    Optional<Views.StoryPage> page(String id) {
        Response response = stories.get(id);
        if (!(response.getEntity() instanceof StoryResource.Story story)) {
            return Optional.empty();
        }
        List<Views.StoryItemRow> items = story.items().stream().map(item -> new Views.StoryItemRow(item.itemId(),
                item.title() == null ? "(untitled)" : item.title(), item.url(), outlet(story, item.feedId()),
                item.language() == null ? "unknown" : item.language(), Figures.time(item.firstSeenAt()),
                item.duplicateOf() == null ? "first item of the story" : "another outlet's copy of the first item",
                item.sightings().stream().map(s -> new Views.SightingRow(outlet(story, s.feedId()), "/console/feeds/" + s.feedId(),
                        host(s.url()), s.url(), rule(s.matchReason()), s.explanation(), Figures.time(s.seenAt()))).toList())).toList();
        List<Views.Link> outlets = story.outlets().stream()
                .map(o -> new Views.Link(o.feedTitle() == null ? o.feedUrl() : o.feedTitle(), "/console/feeds/" + o.feedId(), o.host())).toList();
        return Optional.of(new Views.StoryPage(story.storyId(), items.get(0).title(), items, outlets));
    }

    /** The match rule's name as an operator says it. */
    static String rule(String matchReason) {
        return switch (MatchReason.valueOf(matchReason.toUpperCase(Locale.ROOT))) {
            case ORIGIN -> "first sighting";
            case CANONICAL_URL -> "canonical URL";
            case IDENTITY_CHANGED -> "same feed, new identity";
            case URL_RULE -> "URL rule";
            case CONTENT_SIMILARITY -> "similar text";
            case PAGE_URL -> "same article page";
        };
    }

    private static String outlet(StoryResource.Story story, long feedId) {
        return story.outlets().stream().filter(o -> o.feedId() == feedId).findFirst()
                .map(o -> o.feedTitle() == null ? o.feedUrl() : o.feedTitle()).orElse("feed " + feedId);
    }

    private static String host(String url) {
        try {
            return url == null ? "" : Optional.ofNullable(java.net.URI.create(url).getHost()).orElse("");
        } catch (IllegalArgumentException e) {
            return "";
        }
    }
}
