package org.newsingest.api;

import jakarta.transaction.Transactional;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Validator;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.newsingest.feed.Feed;
import org.newsingest.fetch.UrlSecrets;
import org.newsingest.publish.Outbox;
import org.newsingest.store.Item;
import org.newsingest.store.ItemQuery;
import org.newsingest.store.ItemSighting;
import org.newsingest.store.MatchReason;

/** Stored items: {@code /api/v1/items}, newest first, with cursor paging. */
@Tag(name = "items")
@Path("/api/v1/items")
@Produces(MediaType.APPLICATION_JSON)
public class ItemResource {

    /** A page of the list holds at most this many items. */
    static final int MAX_LIMIT = 200;

    /** The list's own parameters, beside the filter that {@link ItemQuery} checks. */
    record ListPage(@Min(value = 1, message = "must be between 1 and " + MAX_LIMIT)
                    @Max(value = MAX_LIMIT, message = "must be between 1 and " + MAX_LIMIT) int limit) {}

    private final ItemQuery items;
    private final Outbox outbox;
    private final Validator validator;

    ItemResource(ItemQuery items, Outbox outbox, Validator validator) {
        this.items = items;
        this.outbox = outbox;
        this.validator = validator;
    }

    @Operation(summary = "Stored items, newest first, a page at a time")
    @APIResponse(responseCode = "200", description = "A page of items; nextCursor while more follow", content = @Content(schema = @Schema(implementation = ItemView.Page.class)))
    @APIResponse(responseCode = "400", description = "An invalid parameter", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @GET
    @Transactional
    @CheapRead("items")
    public Response list(
            @QueryParam("feedId") Long feedId,
            @QueryParam("topic") String topic,
            @QueryParam("lang") String language,
            @QueryParam("since") String since,
            @QueryParam("until") String until,
            @QueryParam("q") String text,
            @QueryParam("limit") @DefaultValue("50") int limit,
            @QueryParam("cursor") String cursor) {
        Map<String, Optional<Instant>> bounds = new HashMap<>();
        for (var bound : List.of(Map.entry("since", Optional.ofNullable(since)), Map.entry("until", Optional.ofNullable(until)))) {
            Optional<Instant> instant = bound.getValue().flatMap(ItemResource::instant);
            if (bound.getValue().isPresent() && instant.isEmpty()) {
                return badParameter(bound.getKey(), "must be an ISO-8601 instant such as 2026-11-29T12:00:00Z");
            }
            bounds.put(bound.getKey(), instant);
        }
        Optional<ItemQuery.Cursor> position = Optional.ofNullable(cursor).map(ItemQuery.Cursor::decode)
                .orElse(Optional.empty());
        if (cursor != null && position.isEmpty()) {
            return badParameter("cursor", "is not a cursor this service issued");
        }
        ItemQuery.Filter filter = new ItemQuery.Filter(bounds.get("since"), bounds.get("until"), Optional.ofNullable(feedId),
                blankless(topic), blankless(language), blankless(text), false);
        Optional<ConstraintViolation<ListPage>> badLimit = validator.validate(new ListPage(limit)).stream().findFirst();
        if (badLimit.isPresent()) {
            return badParameter("limit", badLimit.get().getMessage());
        }
        ItemQuery.Page found;
        try {
            found = items.page(filter, position, limit, ItemQuery.Order.NEWEST_FIRST);
        } catch (ConstraintViolationException e) {
            ConstraintViolation<?> first = e.getConstraintViolations().iterator().next();
            return badParameter(parameterName(first), first.getMessage());
        }
        Map<UUID, Item> byId = Item.<Item>list("id in ?1", found.ids()).stream().collect(Collectors.toMap(item -> item.id, item -> item));
        Map<Long, Feed> feeds = new HashMap<>();
        List<ItemView> page = found.ids().stream().map(byId::get).map(item -> view(item, null, feeds)).toList();
        return Response.ok(new ItemView.Page(page, found.next().map(ItemQuery.Cursor::encode).orElse(null))).build();
    }

    @Operation(summary = "One item with its lineage")
    @APIResponse(responseCode = "200", description = "The item", content = @Content(schema = @Schema(implementation = ItemView.class)))
    @APIResponse(responseCode = "404", description = "No such item", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @GET
    @Path("{id}")
    @Transactional
    @CheapRead("items")
    public Response get(@PathParam("id") String id) {
        Optional<UUID> uuid = uuid(id);
        Item item = uuid.map(u -> (Item) Item.findById(u)).orElse(null);
        if (item == null) {
            return Problem.response(Response.Status.NOT_FOUND, "not_found", "no item " + id);
        }
        List<ItemView.Sighting> lineage = new ArrayList<>();
        for (ItemSighting sighting : ItemSighting.listForItem(item.id)) {
            MatchReason reason = MatchReason.valueOf(sighting.matchReason.toUpperCase(Locale.ROOT));
            String feedUrl = Feed.<Feed>findByIdOptional(sighting.feedId).map(f -> UrlSecrets.redacted(f.url)).orElse(null);
            lineage.add(new ItemView.Sighting(sighting.feedId, feedUrl, sighting.url, sighting.guid,
                    sighting.matchReason, reason.explanation(), sighting.seenAt));
        }
        return Response.ok(view(item, lineage, new HashMap<>())).build();
    }

    /** The item as its latest event shows it; {@code feeds} caches the feed rows of one response. */
    private ItemView view(Item item, List<ItemView.Sighting> lineage, Map<Long, Feed> feeds) {
        Feed feed = feeds.computeIfAbsent(item.feedId, id -> Feed.<Feed>findById(id));
        return new ItemView(outbox.eventFor(item, feed, List.of()), lineage);
    }

    private static Optional<String> blankless(String value) {
        return Optional.ofNullable(value).map(String::strip).filter(v -> !v.isEmpty());
    }

    /** The query parameter a violation is about: a field of the filter, the limit, or the range as a whole. */
    private static String parameterName(ConstraintViolation<?> violation) {
        String field = "";
        for (jakarta.validation.Path.Node node : violation.getPropertyPath()) {
            field = node.getName() == null ? field : node.getName();
        }
        return switch (field) {
            case "rangeOrdered" -> "since";
            case "language" -> "lang";
            case "text" -> "q";
            default -> field;
        };
    }

    private static Response badParameter(String name, String problem) {
        return Problem.response(Response.Status.BAD_REQUEST, "invalid_parameter", name + " " + problem);
    }

    private static Optional<Instant> instant(String value) {
        try {
            return Optional.of(Instant.parse(value));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private static Optional<UUID> uuid(String value) {
        try {
            return Optional.of(UUID.fromString(value));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
