package org.newsingest.api;

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
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.newsingest.discover.Discovery;
import org.newsingest.discover.FeedDiscovery;
import org.newsingest.feed.Feed;
import org.newsingest.feed.FeedListEntry;
import org.newsingest.feed.FeedQuery;
import org.newsingest.feed.FeedRegistry;
import org.newsingest.feed.FeedState;
import org.newsingest.feed.FetchLogEntry;
import org.newsingest.feed.SubscribeResult;
import org.newsingest.feed.PollError;
import org.newsingest.push.PushSchedule;

/** Subscriptions: {@code /api/v1/feeds}. */
@Tag(name = "feeds")
@Path("/api/v1/feeds")
@Produces(MediaType.APPLICATION_JSON)
public class FeedResource {

    static final int MAX_LIMIT = 1000;
    static final int DEFAULT_PAGE = 100;

    private final FeedRegistry registry;
    private final FeedQuery feeds;
    private final PushSchedule push;
    private final FeedDiscovery discoverer;

    FeedResource(FeedRegistry registry, FeedQuery feeds, PushSchedule push, FeedDiscovery discoverer) {
        this.registry = registry;
        this.feeds = feeds;
        this.push = push;
        this.discoverer = discoverer;
    }

    @Operation(summary = "Subscribe a feed",
            description = "The URL may be a feed, a news sitemap, or a web page that advertises its feed (<link rel=\"alternate\">): then the"
                    + " advertised feed is subscribed (same host first, site feeds before comments feeds, then document order; well-known"
                    + " paths such as /feed when it advertises none), and the 201 body adds 'discovery': the feed chosen and every feed seen.")
    @SecurityRequirement(name = ApiKeyFilter.BEARER_SCHEME)
    @APIResponse(responseCode = "201", description = "Subscribed", content = @Content(schema = @Schema(implementation = FeedView.class)))
    @APIResponse(responseCode = "409", description = "The URL (after normalisation) is already subscribed", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "400", description = "A filter is not a valid RE2 pattern (code invalid_filter; the detail names the rule and the position)", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "422", description = "Invalid or not allowed URL", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response subscribe(@Valid @NotNull FeedRequests.Subscribe request) {
        FeedListEntry given = new FeedListEntry(
                request.url(),
                Optional.ofNullable(request.title()),
                Optional.ofNullable(request.tags()).orElse(List.of()),
                Optional.ofNullable(request.pollInterval()),
                !Boolean.FALSE.equals(request.extract()),
                FeedRequests.sources(request.filters(), request.headers(), request.userAgent(), request.sitemapUrl(), request.proxy()));
        Discovery discovery = discoverer.discover(given);
        if (discovery instanceof Discovery.NoFeed none) {
            return Problem.response(422, "Unprocessable Content", PollError.NOT_A_FEED.code(), none.detail());
        }
        FeedListEntry entry = discovery instanceof Discovery.Found found ? given.discoveredAs(found.feed(), found.newsSitemap()) : given;
        SubscribeResult result = registry.subscribe(entry, FeedRegistry.ORIGIN_API, Instant.now());
        if (result instanceof SubscribeResult.Created created) {
            if (Boolean.FALSE.equals(request.enabled())) {
                registry.update(created.feed().id, Optional.empty(), Optional.empty(), Optional.empty(), Optional.of(false));
            }
            Response.ResponseBuilder response = Response.created(URI.create("/api/v1/feeds/" + created.feed().id));
            return (discovery instanceof Discovery.Found found
                    ? response.entity(new DiscoveryView.Subscribed(view(created.feed().id), DiscoveryView.of(found)))
                    : response.entity(view(created.feed().id))).build();
        }
        return failure(result);
    }

    @GET
    @Transactional
    @CheapRead("feeds")
    @Operation(summary = "List feeds, optionally filtered and paged",
            description = "Without limit and cursor every matching feed is returned, as before paging existed. With limit"
                    + " (or a cursor) the response is one page in id order; while more follow, a Link header with rel=\"next\""
                    + " carries the URL of the next page (its cursor parameter is opaque). The body is a JSON array either way.")
    @APIResponse(responseCode = "200", description = "The feeds",
            headers = @Header(name = "Link", description = "<...?cursor=...>; rel=\"next\" while more feeds follow", schema = @Schema(type = SchemaType.STRING)),
            content = @Content(schema = @Schema(type = SchemaType.ARRAY, implementation = FeedView.class)))
    @APIResponse(responseCode = "400", description = "An invalid state, limit or cursor", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response list(
            @Parameter(description = "active, paused, failing, gone or challenged") @QueryParam("state") String state,
            @Parameter(description = "the feed URL's host, e.g. www.rferl.org") @QueryParam("host") String host,
            @Parameter(description = "one of the feed's tags (exact)") @QueryParam("tag") String tag,
            @Parameter(description = "page size, 1 to " + MAX_LIMIT + "; without it (and without cursor) all feeds") @QueryParam("limit") Integer limit,
            @Parameter(description = "from the Link header of the previous page") @QueryParam("cursor") String cursor,
            @Context UriInfo uri) {
        Optional<FeedState> wantedState;
        try {
            wantedState = Optional.ofNullable(state).filter(s -> !s.isBlank()).map(FeedState::fromWireName);
        } catch (IllegalArgumentException e) {
            return badParameter("state", "must be active, paused, failing, gone or challenged");
        }
        if (limit != null && (limit < 1 || limit > MAX_LIMIT)) {
            return badParameter("limit", "must be between 1 and " + MAX_LIMIT);
        }
        Optional<Long> after = Optional.empty();
        if (cursor != null) {
            after = decodeCursor(cursor);
            if (after.isEmpty()) {
                return badParameter("cursor", "is not a cursor this service issued");
            }
        }
        Optional<Integer> pageSize = limit != null ? Optional.of(limit) : after.map(a -> DEFAULT_PAGE);
        FeedQuery.Page page = feeds.page(new FeedQuery.Filter(wantedState, Optional.ofNullable(host).filter(h -> !h.isBlank()),
                Optional.ofNullable(tag).filter(t -> !t.isBlank())), after.orElse(0L), pageSize);
        Map<Long, FeedQuery.Counters> counters = feeds.counters(page.feeds().stream().map(feed -> feed.id).toList());
        Map<Long, PushSchedule.View> pushes = push.views(page.feeds().stream().map(feed -> feed.id).toList());
        List<FeedView> views = page.feeds().stream()
                .map(feed -> FeedView.of(feed, counters.getOrDefault(feed.id, FeedQuery.Counters.NONE), Optional.ofNullable(pushes.get(feed.id)))).toList();
        Response.ResponseBuilder response = Response.ok(views);
        page.continueAfter().ifPresent(last -> response.link(uri.getRequestUriBuilder()
                .replaceQueryParam("cursor", encodeCursor(last))
                .replaceQueryParam("limit", pageSize.orElseThrow()).build(), "next"));
        return response.build();
    }

    @Operation(summary = "One feed with its state and counters")
    @APIResponse(responseCode = "200", description = "The feed", content = @Content(schema = @Schema(implementation = FeedView.class)))
    @APIResponse(responseCode = "404", description = "No such feed", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @GET
    @Path("{id}")
    public Response get(@PathParam("id") long id) {
        return Optional.ofNullable(view(id)).map(v -> Response.ok(v).build()).orElseGet(() -> notFound(id));
    }

    @Operation(summary = "Change a feed; enabled=false pauses it")
    @SecurityRequirement(name = ApiKeyFilter.BEARER_SCHEME)
    @APIResponse(responseCode = "200", description = "The feed", content = @Content(schema = @Schema(implementation = FeedView.class)))
    @APIResponse(responseCode = "404", description = "No such feed", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "422", description = "Invalid change", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @PATCH
    @Path("{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response change(@PathParam("id") long id, @Valid @NotNull FeedRequests.Change request) {
        Optional<SubscribeResult> result = registry.update(id,
                Optional.ofNullable(request.title()),
                Optional.ofNullable(request.tags()),
                Optional.ofNullable(request.pollInterval()),
                Optional.ofNullable(request.enabled()),
                FeedRequests.sources(request.filters(), request.headers(), request.userAgent(), request.sitemapUrl(), request.proxy()));
        if (result.isEmpty()) {
            return notFound(id);
        }
        if (result.get() instanceof SubscribeResult.Created && request.extract() != null) {
            registry.setExtract(id, request.extract());
        }
        return result.get() instanceof SubscribeResult.Created ? Response.ok(view(id)).build() : failure(result.get());
    }

    @Operation(summary = "Unsubscribe; the items stay")
    @SecurityRequirement(name = ApiKeyFilter.BEARER_SCHEME)
    @APIResponse(responseCode = "204", description = "Unsubscribed")
    @APIResponse(responseCode = "404", description = "No such feed", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @DELETE
    @Path("{id}")
    public Response unsubscribe(@PathParam("id") long id) {
        return registry.unsubscribe(id) ? Response.noContent().build() : notFound(id);
    }

    @Operation(summary = "Poll now")
    @SecurityRequirement(name = ApiKeyFilter.BEARER_SCHEME)
    @APIResponse(responseCode = "202", description = "Queued", content = @Content(schema = @Schema(implementation = FeedView.class)))
    @APIResponse(responseCode = "404", description = "No such feed", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "The feed is paused or gone", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
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

    @Operation(summary = "The last fetches of a feed, newest first")
    @APIResponse(responseCode = "200", description = "Fetches", content = @Content(schema = @Schema(type = SchemaType.ARRAY, implementation = FetchLogEntry.class)))
    @APIResponse(responseCode = "404", description = "No such feed", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @GET
    @Path("{id}/fetches")
    @Transactional
    @CheapRead("feeds")
    public Response fetches(@PathParam("id") long id, @QueryParam("limit") @DefaultValue("50") int limit) {
        if (Feed.findLive(id).isEmpty()) {
            return notFound(id);
        }
        return Response.ok(FetchLogEntry.newestFirst(id, Math.max(1, Math.min(limit, 500)))).build();
    }

    @Transactional
    FeedView view(long id) {
        return Feed.findLive(id).map(feed -> FeedView.of(feed, feeds.counters(id), Optional.ofNullable(push.views(List.of(id)).get(id)))).orElse(null);
    }

    private static Response badParameter(String name, String problem) {
        return Problem.response(Response.Status.BAD_REQUEST, "invalid_parameter", name + " " + problem);
    }

    /** The position after the last feed of a page: opaque to clients, so the encoding may change. */
    private static String encodeCursor(long lastId) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(("feed|" + lastId).getBytes(StandardCharsets.UTF_8));
    }

    private static Optional<Long> decodeCursor(String cursor) {
        try {
            String raw = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            return raw.startsWith("feed|") ? Optional.of(Long.parseLong(raw.substring(5))) : Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static Response failure(SubscribeResult result) {
        if (result instanceof SubscribeResult.AlreadySubscribed existing) {
            return Response.fromResponse(Problem.response(Response.Status.CONFLICT, "already_subscribed",
                    "this feed is already subscribed as feed " + existing.feed().id))
                    .location(URI.create("/api/v1/feeds/" + existing.feed().id)).build();
        }
        SubscribeResult.Rejected rejected = (SubscribeResult.Rejected) result;
        if (FeedRegistry.INVALID_FILTER.equals(rejected.code())) {
            return Problem.response(Response.Status.BAD_REQUEST, rejected.code(), rejected.detail());
        }
        return Problem.response(422, "Unprocessable Content", rejected.code(), rejected.detail());
    }

    static Response notFound(long id) {
        return Problem.response(Response.Status.NOT_FOUND, "not_found", "no feed " + id);
    }
}
