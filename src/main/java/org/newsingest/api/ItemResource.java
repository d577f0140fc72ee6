package org.newsingest.api;

import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.newsingest.feed.Feed;
import org.newsingest.publish.Outbox;
import org.newsingest.store.Item;
import org.newsingest.store.ItemSighting;
import org.newsingest.store.MatchReason;
import org.newsingest.tag.TopicTagger;

/** Stored items: {@code /api/v1/items}, newest first, with cursor paging. */
@Tag(name = "items")
@Path("/api/v1/items")
@Produces(MediaType.APPLICATION_JSON)
public class ItemResource {

    private static final int MAX_LIMIT = 200;

    private final EntityManager entityManager;
    private final Outbox outbox;
    private final TopicTagger tagger;

    ItemResource(EntityManager entityManager, Outbox outbox, TopicTagger tagger) {
        this.entityManager = entityManager;
        this.outbox = outbox;
        this.tagger = tagger;
    }

    @Operation(summary = "Stored items, newest first, a page at a time")
    @APIResponse(responseCode = "200", description = "A page of items; nextCursor while more follow", content = @Content(schema = @Schema(implementation = ItemView.Page.class)))
    @APIResponse(responseCode = "400", description = "An invalid parameter", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @GET
    @Transactional
    public Response list(
            @QueryParam("feedId") Long feedId,
            @QueryParam("topic") String topic,
            @QueryParam("lang") String language,
            @QueryParam("since") String since,
            @QueryParam("until") String until,
            @QueryParam("q") String text,
            @QueryParam("limit") @DefaultValue("50") int limit,
            @QueryParam("cursor") String cursor) {
        if (limit < 1 || limit > MAX_LIMIT) {
            return badParameter("limit", "must be between 1 and " + MAX_LIMIT);
        }
        StringBuilder sql = new StringBuilder("SELECT * FROM item WHERE true");
        Map<String, Object> parameters = new HashMap<>();
        if (feedId != null) {
            sql.append(" AND id IN (SELECT item_id FROM item_sighting WHERE feed_id = :feedId)");
            parameters.put("feedId", feedId);
        }
        if (topic != null && !topic.isBlank()) {
            // The topic and everything below it in the taxonomy: ?topic=geo:UA finds Crimea too.
            List<String> ids = List.copyOf(tagger.taxonomy().withDescendants(topic.strip()));
            StringBuilder any = new StringBuilder();
            for (int i = 0; i < ids.size(); i++) {
                any.append(i == 0 ? "" : " OR ").append("topics @> jsonb_build_array(jsonb_build_object('id', CAST(:topic").append(i).append(" AS text)))");
                parameters.put("topic" + i, ids.get(i));
            }
            sql.append(" AND (").append(any).append(')');
        }
        if (language != null && !language.isBlank()) {
            sql.append(" AND lower(language) LIKE :language");
            parameters.put("language", language.strip().toLowerCase(Locale.ROOT) + "%");
        }
        if (text != null && !text.isBlank()) {
            sql.append(" AND (title ILIKE :text OR summary ILIKE :text)");
            parameters.put("text", "%" + text.strip().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%");
        }
        for (var bound : List.of(Map.entry("since", Optional.ofNullable(since)), Map.entry("until", Optional.ofNullable(until)))) {
            if (bound.getValue().isPresent()) {
                Optional<Instant> instant = instant(bound.getValue().get());
                if (instant.isEmpty()) {
                    return badParameter(bound.getKey(), "must be an ISO-8601 instant such as 2026-11-29T12:00:00Z");
                }
                sql.append(bound.getKey().equals("since") ? " AND first_seen_at >= :since" : " AND first_seen_at < :until");
                parameters.put(bound.getKey(), instant.get());
            }
        }
        if (cursor != null) {
            Optional<Cursor> position = Cursor.decode(cursor);
            if (position.isEmpty()) {
                return badParameter("cursor", "is not a cursor this service issued");
            }
            sql.append(" AND (first_seen_at, id) < (:cursorTime, :cursorId)");
            parameters.put("cursorTime", position.get().firstSeenAt());
            parameters.put("cursorId", position.get().id());
        }
        sql.append(" ORDER BY first_seen_at DESC, id DESC LIMIT :limit");
        parameters.put("limit", limit + 1);

        Query query = entityManager.createNativeQuery(sql.toString(), Item.class);
        parameters.forEach(query::setParameter);
        @SuppressWarnings("unchecked")
        List<Item> found = query.getResultList();
        Map<Long, Feed> feeds = new HashMap<>();
        List<ItemView> page = found.stream().limit(limit).map(item -> view(item, null, feeds)).toList();
        String next = found.size() > limit ? new Cursor(found.get(limit - 1).firstSeenAt, found.get(limit - 1).id).encode() : null;
        return Response.ok(new ItemView.Page(page, next)).build();
    }

    @Operation(summary = "One item with its lineage")
    @APIResponse(responseCode = "200", description = "The item", content = @Content(schema = @Schema(implementation = ItemView.class)))
    @APIResponse(responseCode = "404", description = "No such item", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @GET
    @Path("{id}")
    @Transactional
    public Response get(@PathParam("id") String id) {
        Optional<UUID> uuid = uuid(id);
        Item item = uuid.map(u -> (Item) Item.findById(u)).orElse(null);
        if (item == null) {
            return Problem.response(Response.Status.NOT_FOUND, "not_found", "no item " + id);
        }
        List<ItemView.Sighting> lineage = new ArrayList<>();
        for (ItemSighting sighting : ItemSighting.listForItem(item.id)) {
            MatchReason reason = MatchReason.valueOf(sighting.matchReason.toUpperCase(Locale.ROOT));
            String feedUrl = Feed.<Feed>findByIdOptional(sighting.feedId).map(f -> f.url).orElse(null);
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

    /** Position after the last item of a page: opaque to clients. */
    record Cursor(Instant firstSeenAt, UUID id) {

        String encode() {
            String raw = firstSeenAt.toString() + "|" + id;
            return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
        }

        static Optional<Cursor> decode(String cursor) {
            try {
                String[] parts = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8).split("\\|", 2);
                return parts.length == 2 ? Optional.of(new Cursor(Instant.parse(parts[0]), UUID.fromString(parts[1]))) : Optional.empty();
            } catch (IllegalArgumentException | DateTimeParseException e) {
                return Optional.empty();
            }
        }
    }
}
