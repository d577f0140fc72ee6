package org.newsingest.api;

import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.newsingest.feed.Feed;
import org.newsingest.feed.FeedListEntry;
import org.newsingest.feed.FeedRegistry;
import org.newsingest.feed.FeedState;
import org.newsingest.feed.FetchLogEntry;
import org.newsingest.feed.SubscribeResult;

/** Subscriptions: {@code /api/v1/feeds}. */
@Path("/api/v1/feeds")
@Produces(MediaType.APPLICATION_JSON)
public class FeedResource {

    private final FeedRegistry registry;
    private final EntityManager entityManager;

    FeedResource(FeedRegistry registry, EntityManager entityManager) {
        this.registry = registry;
        this.entityManager = entityManager;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response subscribe(@Valid @NotNull FeedRequests.Subscribe request) {
        FeedListEntry entry = new FeedListEntry(
                request.url(),
                Optional.ofNullable(request.title()),
                Optional.ofNullable(request.tags()).orElse(List.of()),
                Optional.ofNullable(request.pollInterval()));
        SubscribeResult result = registry.subscribe(entry, FeedRegistry.ORIGIN_API, Instant.now());
        if (result instanceof SubscribeResult.Created created) {
            if (Boolean.FALSE.equals(request.enabled())) {
                registry.update(created.feed().id, Optional.empty(), Optional.empty(), Optional.empty(), Optional.of(false));
            }
            return Response.created(URI.create("/api/v1/feeds/" + created.feed().id)).entity(view(created.feed().id)).build();
        }
        return failure(result);
    }

    @GET
    @Transactional
    public List<FeedView> list() {
        Map<Long, Long> counts = itemCounts();
        return Feed.listLive().stream().map(feed -> FeedView.of(feed, counts.getOrDefault(feed.id, 0L))).toList();
    }

    @GET
    @Path("{id}")
    public Response get(@PathParam("id") long id) {
        return Optional.ofNullable(view(id)).map(v -> Response.ok(v).build()).orElseGet(() -> notFound(id));
    }

    @PATCH
    @Path("{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response change(@PathParam("id") long id, @Valid @NotNull FeedRequests.Change request) {
        Optional<SubscribeResult> result = registry.update(id,
                Optional.ofNullable(request.title()),
                Optional.ofNullable(request.tags()),
                Optional.ofNullable(request.pollInterval()),
                Optional.ofNullable(request.enabled()));
        if (result.isEmpty()) {
            return notFound(id);
        }
        return result.get() instanceof SubscribeResult.Created ? Response.ok(view(id)).build() : failure(result.get());
    }

    @DELETE
    @Path("{id}")
    public Response unsubscribe(@PathParam("id") long id) {
        return registry.unsubscribe(id) ? Response.noContent().build() : notFound(id);
    }

    @POST
    @Path("{id}/poll")
    public Response pollNow(@PathParam("id") long id) {
        Optional<Feed> feed = registry.pollNow(id);
        if (feed.isEmpty()) {
            return notFound(id);
        }
        if (feed.get().state == FeedState.GONE || feed.get().state == FeedState.PAUSED) {
            return Problem.response(Response.Status.CONFLICT, "feed_" + feed.get().state.wireName(),
                    "the feed is " + feed.get().state.wireName() + " and is not polled");
        }
        return Response.accepted(view(id)).build();
    }

    @GET
    @Path("{id}/fetches")
    @Transactional
    public Response fetches(@PathParam("id") long id, @QueryParam("limit") @DefaultValue("50") int limit) {
        if (Feed.findLive(id).isEmpty()) {
            return notFound(id);
        }
        return Response.ok(FetchLogEntry.newestFirst(id, Math.max(1, Math.min(limit, 500)))).build();
    }

    @Transactional
    FeedView view(long id) {
        return Feed.findLive(id).map(feed -> FeedView.of(feed, itemCount(id))).orElse(null);
    }

    private long itemCount(long feedId) {
        return ((Number) entityManager.createNativeQuery("SELECT count(*) FROM item_sighting WHERE feed_id = :feed")
                .setParameter("feed", feedId).getSingleResult()).longValue();
    }

    private Map<Long, Long> itemCounts() {
        Map<Long, Long> counts = new HashMap<>();
        @SuppressWarnings("unchecked")
        List<Object[]> rows = entityManager.createNativeQuery("SELECT feed_id, count(*) FROM item_sighting GROUP BY feed_id").getResultList();
        rows.forEach(row -> counts.put(((Number) row[0]).longValue(), ((Number) row[1]).longValue()));
        return counts;
    }

    private static Response failure(SubscribeResult result) {
        if (result instanceof SubscribeResult.AlreadySubscribed existing) {
            return Response.fromResponse(Problem.response(Response.Status.CONFLICT, "already_subscribed",
                    "this feed is already subscribed as feed " + existing.feed().id))
                    .location(URI.create("/api/v1/feeds/" + existing.feed().id)).build();
        }
        SubscribeResult.Rejected rejected = (SubscribeResult.Rejected) result;
        return Problem.response(422, "Unprocessable Content", rejected.code(), rejected.detail());
    }

    static Response notFound(long id) {
        return Problem.response(Response.Status.NOT_FOUND, "not_found", "no feed " + id);
    }
}
