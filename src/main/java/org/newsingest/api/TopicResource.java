package org.newsingest.api;

import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.newsingest.config.IngestConfig;
import org.newsingest.feed.Feed;
import org.newsingest.tag.Retagger;
import org.newsingest.tag.Taxonomy;
import org.newsingest.tag.TopicTagger;

/**
 * {@code GET /api/v1/topics}: the taxonomy with item counts; {@code POST /api/v1/retag {from, to, feedId?}}:
 * recompute stored items' topics after a taxonomy change.
 */
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
public class TopicResource {

    /**
     * One topic of the taxonomy.
     *
     * @param items stored items carrying this id at or above {@code ingest.topics.min-score}
     *     (descendants not included; {@code GET /api/v1/items?topic=} includes them)
     */
    public record TopicView(String id, String parent, Map<String, String> labels, long items) {}

    /**
     * {@code from} inclusive, {@code to} exclusive, on each item's {@code firstSeenAt}; {@code feedId}
     * optional: only that feed's items, e.g. after changing its tags.
     */
    public record RetagRequest(@NotNull Instant from, @NotNull Instant to, Long feedId) {}

    private final TopicTagger tagger;
    private final Retagger retagger;
    private final EntityManager entityManager;
    private final double minScore;

    TopicResource(TopicTagger tagger, Retagger retagger, EntityManager entityManager, IngestConfig config) {
        this.tagger = tagger;
        this.retagger = retagger;
        this.entityManager = entityManager;
        this.minScore = config.topics().minScore();
    }

    @GET
    @Path("topics")
    @Transactional
    public List<TopicView> topics() {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = entityManager.createNativeQuery("""
                SELECT t ->> 'id', count(*) FROM item, jsonb_array_elements(item.topics) t
                WHERE CAST(t ->> 'score' AS double precision) >= :min GROUP BY 1""")
                .setParameter("min", minScore)
                .getResultList();
        Map<String, Long> counts = new HashMap<>();
        rows.forEach(row -> counts.put((String) row[0], ((Number) row[1]).longValue()));
        return tagger.taxonomy().entries().stream()
                .map(entry -> view(entry, counts.getOrDefault(entry.id(), 0L)))
                .toList();
    }

    private static TopicView view(Taxonomy.Entry entry, long items) {
        return new TopicView(entry.id(), entry.parent().orElse(null), entry.labels(), items);
    }

    @POST
    @Path("retag")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response retag(@Valid @NotNull RetagRequest request) {
        if (!request.from().isBefore(request.to())) {
            return Problem.response(422, "Unprocessable Content", "invalid_request", "from must be before to");
        }
        if (request.feedId() != null && Feed.findByIdOptional(request.feedId()).isEmpty()) {
            return Problem.response(422, "Unprocessable Content", "unknown_feed", "there is no feed " + request.feedId());
        }
        return Response.ok(retagger.retag(request.from(), request.to(), Optional.ofNullable(request.feedId()))).build();
    }
}
