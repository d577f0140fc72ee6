package org.newsingest.api;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.net.URISyntaxException;
import org.newsingest.normalize.CanonicalUrl;
import org.newsingest.pipeline.FeedPreview;

/**
 * {@code POST /api/v1/preview {url}}: fetch and parse without storing; the items as they would be
 * stored (identity keys, canonical URLs, dedupe decisions, topics) and the events that would be
 * published. Fetch or parse failures are 422 problems carrying the same error codes as a poll.
 */
@Path("/api/v1/preview")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class PreviewResource {

    public record PreviewRequest(@NotBlank String url) {}

    private final FeedPreview preview;

    PreviewResource(FeedPreview preview) {
        this.preview = preview;
    }

    @POST
    public Response preview(@Valid @NotNull PreviewRequest request) {
        URI url;
        try {
            url = new URI(request.url().strip());
        } catch (URISyntaxException e) {
            return Problem.response(422, "Invalid feed URL", "invalid_url", "not a URL: " + e.getMessage());
        }
        if (CanonicalUrl.of(url.toString()).isEmpty()) {
            return Problem.response(422, "Invalid feed URL", "invalid_url", "only absolute http(s) URLs can be previewed");
        }
        FeedPreview.Outcome outcome = preview.preview(url);
        if (outcome instanceof FeedPreview.Failed failed) {
            return Problem.response(422, "Feed could not be previewed", failed.code(),
                    failed.detail() + (failed.status() > 0 ? " (HTTP " + failed.status() + ")" : ""));
        }
        return Response.ok(outcome).build();
    }
}
