package org.newsingest.api;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.core.Context;
import java.time.Instant;
import java.util.Optional;
import org.newsingest.feed.Feed;
import org.newsingest.publish.Replays;

/**
 * {@code POST /api/v1/replay {from, to, feedId?, topic?}}: re-publish stored items' latest events
 * with their original ids; {@code GET /api/v1/replay/{id}} shows progress and
 * {@code DELETE /api/v1/replay/{id}} cancels.
 */
@Path("/api/v1/replay")
@Produces(MediaType.APPLICATION_JSON)
public class ReplayResource {

    /** {@code from} inclusive, {@code to} exclusive, on the time of each item's latest event ({@code ce_time}). */
    public record ReplayRequest(@NotNull Instant from, @NotNull Instant to, Long feedId,
                                @Pattern(regexp = "[^,\\s]+", message = "must be one topic id") String topic) {}

    private final Replays replays;

    ReplayResource(Replays replays) {
        this.replays = replays;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response start(@Valid @NotNull ReplayRequest request, @Context UriInfo uri) {
        if (!request.from().isBefore(request.to())) {
            return Problem.response(422, "Unprocessable Content", "invalid_request", "from must be before to");
        }
        if (request.feedId() != null && Feed.findByIdOptional(request.feedId()).isEmpty()) {
            return Problem.response(422, "Unprocessable Content", "unknown_feed", "there is no feed " + request.feedId());
        }
        Replays.Job job = replays.start(request.from(), request.to(), Optional.ofNullable(request.feedId()), Optional.ofNullable(request.topic()));
        return Response.accepted(job).location(uri.getAbsolutePathBuilder().path(String.valueOf(job.id())).build()).build();
    }

    @GET
    @Path("{id}")
    public Response progress(@PathParam("id") long id) {
        return replays.find(id).map(job -> Response.ok(job).build()).orElseGet(() -> notFound(id));
    }

    @DELETE
    @Path("{id}")
    public Response cancel(@PathParam("id") long id) {
        return replays.cancel(id).map(job -> Response.ok(job).build()).orElseGet(() -> notFound(id));
    }

    private static Response notFound(long id) {
        return Problem.response(Response.Status.NOT_FOUND, "not_found", "there is no replay " + id);
    }
}
