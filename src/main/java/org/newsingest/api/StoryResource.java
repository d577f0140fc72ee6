package org.newsingest.api;

import jakarta.transaction.Transactional;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.newsingest.feed.Feed;
import org.newsingest.store.Item;
import org.newsingest.store.ItemSighting;
import org.newsingest.store.MatchReason;

/**
 * One story: {@code GET /api/v1/stories/{id}} (the {@code storyId} of its events). Lists every
 * item of the story (the first, and other outlets' copies stored as its duplicates), every feed
 * and host it was seen in, and why each sighting was matched to it.
 */
@Path("/api/v1/stories")
@Produces(MediaType.APPLICATION_JSON)
public class StoryResource {

    @GET
    @Path("{id}")
    @Transactional
    @CheapRead("stories")
    public Response get(@PathParam("id") String id) {
        UUID storyId;
        try {
            storyId = UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            return Problem.response(Response.Status.NOT_FOUND, "not_found", "no story " + id);
        }
        List<Item> items = Item.list("storyId = ?1 order by firstSeenAt, id", storyId);
        if (items.isEmpty()) {
            return Problem.response(Response.Status.NOT_FOUND, "not_found", "no story " + id);
        }
        Map<Long, Feed> feeds = new HashMap<>();
        Map<String, Outlet> outlets = new LinkedHashMap<>();
        List<StoryItem> views = new ArrayList<>(items.size());
        for (Item item : items) {
            List<Sighting> sightings = new ArrayList<>();
            for (ItemSighting sighting : ItemSighting.listForItem(item.id)) {
                Feed feed = feeds.computeIfAbsent(sighting.feedId, feedId -> Feed.<Feed>findById(feedId));
                MatchReason reason = MatchReason.valueOf(sighting.matchReason.toUpperCase(Locale.ROOT));
                sightings.add(new Sighting(sighting.feedId, feed.url, sighting.url, sighting.guid, sighting.matchReason, reason.explanation(),
                        sighting.seenAt));
                outlets.putIfAbsent(feed.id + "\n" + host(sighting.url), new Outlet(feed.id, feed.url, feed.title, host(sighting.url)));
            }
            views.add(new StoryItem(item.id.toString(), item.duplicateOf == null ? null : item.duplicateOf.toString(), item.feedId, item.url,
                    item.title, item.language, item.storyKey, item.firstSeenAt, item.revision, sightings));
        }
        return Response.ok(new Story(storyId.toString(), views.get(0).itemId(), views, List.copyOf(outlets.values()))).build();
    }

    private static String host(String url) {
        if (url == null) {
            return null;
        }
        try {
            return URI.create(url).getHost();
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /**
     * @param firstItemId the item whose events carry the story ({@code created}, {@code updated})
     * @param items every item of the story, first one first
     * @param outlets every (feed, host) the story was seen in
     */
    public record Story(String storyId, String firstItemId, List<StoryItem> items, List<Outlet> outlets) {}

    /** @param duplicateOf the story's first item, when this item is another outlet's copy of it */
    public record StoryItem(String itemId, String duplicateOf, long feedId, String url, String title, String language, String storyKey,
                            Instant firstSeenAt, int revision, List<Sighting> sightings) {}

    public record Outlet(long feedId, String feedUrl, String feedTitle, String host) {}

    /** One (feed, entry) the item was seen under, and why it was judged to be this item. */
    public record Sighting(long feedId, String feedUrl, String url, String guid, String matchReason, String explanation, Instant seenAt) {}
}
