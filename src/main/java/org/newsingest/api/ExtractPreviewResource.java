package org.newsingest.api;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.newsingest.extract.ExtractPreview;
import org.newsingest.extract.PageReader;
import org.newsingest.fetch.AddressGuard;

/**
 * {@code POST /api/v1/preview/extract {url}}: what the extract stage makes of one article page,
 * under the rules a story's extraction obeys (address guard, robots.txt, limits), storing nothing.
 * The outcome is in the body whatever it is (200); only a URL that may not be fetched at all is a 422.
 */
@Tag(name = "feeds")
@Path("/api/v1/preview/extract")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class ExtractPreviewResource {

    private final PageReader reader;
    private final AddressGuard addressGuard;

    ExtractPreviewResource(PageReader reader, AddressGuard addressGuard) {
        this.reader = reader;
        this.addressGuard = addressGuard;
    }

    @Operation(summary = "Read an article page as the extract stage would: body, metadata with sources, and the outcome it would record")
    @SecurityRequirement(name = ApiKeyFilter.BEARER_SCHEME)
    @APIResponse(responseCode = "200", description = "The outcome, the body and metadata when there is one", content = @Content(schema = @Schema(implementation = ExtractPreview.class)))
    @APIResponse(responseCode = "422", description = "Not a URL that may be fetched", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @POST
    public Response preview(@Valid @NotNull PreviewResource.PreviewRequest request) {
        PreviewResource.Target target = PreviewResource.Target.of(request.url(), addressGuard);
        if (target instanceof PreviewResource.Target.Refused refused) {
            return refused.problem();
        }
        return Response.ok(ExtractPreview.of(reader, ((PreviewResource.Target.Fetchable) target).url())).build();
    }
}
