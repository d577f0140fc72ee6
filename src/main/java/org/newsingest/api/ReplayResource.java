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
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.time.Instant;
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.newsingest.feed.Feed;
import org.newsingest.publish.Replays;

/**
 * {@code POST /api/v1/replay {from, to, feedId?, topic?}}: re-publish stored items' latest events
 * with their original ids; {@code GET /api/v1/replay/{id}} shows progress and
 * {@code DELETE /api/v1/replay/{id}} cancels.
 */
@Tag(name = "events")
@Path("/api/v1/replay")
@Produces(MediaType.APPLICATION_JSON)
public class ReplayResource {

    /** {@code from} inclusive, {@code to} exclusive, on each item's first-seen time ({@code firstSeenAt}). */
    public record ReplayRequest(@NotNull Instant from, @NotNull Instant to, Long feedId,
                                @Pattern(regexp = "[^,\\s]+", message = "must be one topic id") String topic) {}

    private final Replays replays;

    ReplayResource(Replays replays) {
        this.replays = replays;
    }

    @Operation(summary = "Re-publish stored items' latest events with their original ids")
    @SecurityRequirement(name = ApiKeyFilter.BEARER_SCHEME)
    @APIResponse(responseCode = "202", description = "The replay job", content = @Content(schema = @Schema(implementation = Replays.Job.class)))
    @APIResponse(responseCode = "422", description = "Invalid range or filter", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
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

    @Operation(summary = "Progress of a replay")
    @APIResponse(responseCode = "200", description = "The replay job", content = @Content(schema = @Schema(implementation = Replays.Job.class)))
    @APIResponse(responseCode = "404", description = "No such replay", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @GET
    @Path("{id}")
    public Response progress(@PathParam("id") long id) {
        return replays.find(id).map(job -> Response.ok(job).build()).orElseGet(() -> notFound(id));
    }

    @Operation(summary = "Cancel a replay")
    @SecurityRequirement(name = ApiKeyFilter.BEARER_SCHEME)
    @APIResponse(responseCode = "200", description = "The cancelled job", content = @Content(schema = @Schema(implementation = Replays.Job.class)))
    @APIResponse(responseCode = "404", description = "No such replay", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @DELETE
    @Path("{id}")
    public Response cancel(@PathParam("id") long id) {
        return replays.cancel(id).map(job -> Response.ok(job).build()).orElseGet(() -> notFound(id));
    }

    private static Response notFound(long id) {
        return Problem.response(Response.Status.NOT_FOUND, "not_found", "there is no replay " + id);
    }
}
