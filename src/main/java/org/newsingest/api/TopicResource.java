package org.newsingest.api;

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
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
     *     (descendants not included; {@code GET /api/v1/items?topic=} includes them), as counted at
     *     the last recount ({@code ingest.api-read.topic-counts-refresh})
     */
    public record TopicView(String id, String parent, Map<String, String> labels, long items) {}

    /**
     * {@code from} inclusive, {@code to} exclusive, on each item's {@code firstSeenAt}; {@code feedId}
     * optional: only items seen in that feed (first or in any sighting), e.g. after changing its tags.
     */
    public record RetagRequest(@NotNull Instant from, @NotNull Instant to, Long feedId) {}

    private final TopicTagger tagger;
    private final Retagger retagger;
    private final TopicCounts topicCounts;

    TopicResource(TopicTagger tagger, Retagger retagger, TopicCounts topicCounts) {
        this.tagger = tagger;
        this.retagger = retagger;
        this.topicCounts = topicCounts;
    }

    @GET
    @Path("topics")
    public List<TopicView> topics() {
        Map<String, Long> counts = topicCounts.current();
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
