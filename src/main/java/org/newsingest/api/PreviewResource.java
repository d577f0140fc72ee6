package org.newsingest.api;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.net.URISyntaxException;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.newsingest.discover.Discovery;
import org.newsingest.discover.FeedDiscovery;
import org.newsingest.fetch.AddressGuard;
import org.newsingest.feed.PollError;
import org.newsingest.fetch.FetchResult;
import org.newsingest.normalize.CanonicalUrl;
import org.newsingest.pipeline.FeedPipeline;
import org.newsingest.pipeline.Preview;

/**
 * {@code POST /api/v1/preview {url}}: fetch and parse without storing; the items as a poll would
 * store them (identity keys, canonical URLs, dedupe decisions, topics) and the events it would
 * publish. Fetch or parse failures are 422 problems with the codes a poll would record.
 */
@Tag(name = "feeds")
@Path("/api/v1/preview")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class PreviewResource {

    public record PreviewRequest(@NotBlank @Size(max = 2048) String url) {}

    /** The URL of a preview request: one that may be fetched, or the 422 problem saying why not. */
    sealed interface Target {
        record Fetchable(URI url) implements Target {}

        record Refused(Response problem) implements Target {}

        static Target of(String requested, AddressGuard guard) {
            URI url;
            try {
                url = new URI(requested.strip());
            } catch (URISyntaxException e) {
                return new Refused(Problem.response(422, "Unprocessable Content", "invalid_url", "not a URL: " + e.getMessage()));
            }
            if (CanonicalUrl.of(url.toString()).isEmpty()) {
                return new Refused(Problem.response(422, "Unprocessable Content", "invalid_url", "only absolute http(s) URLs can be previewed"));
            }
            var refusal = guard.check(url);
            if (refusal.isPresent()) {
                FetchResult.Failed refused = refusal.get();
                return new Refused(Problem.response(422, "Unprocessable Content", refused.error().code(), refused.detail()));
            }
            return new Fetchable(url);
        }
    }

    /** The preview of the feed a web page led to, and how it led there. */
    public record DiscoveredPreview(@JsonUnwrapped Preview.Document preview, DiscoveryView discovery) {}

    private final FeedPipeline pipeline;
    private final AddressGuard addressGuard;
    private final FeedDiscovery discoverer;

    PreviewResource(FeedPipeline pipeline, AddressGuard addressGuard, FeedDiscovery discoverer) {
        this.pipeline = pipeline;
        this.addressGuard = addressGuard;
        this.discoverer = discoverer;
    }

    @Operation(summary = "Fetch and parse a feed without storing it: the items, decisions and events a poll would produce",
            description = "A web page URL is previewed as the feed it advertises; the body then adds 'discovery': the feed chosen, how, and every feed seen.")
    @SecurityRequirement(name = ApiKeyFilter.BEARER_SCHEME)
    @APIResponse(responseCode = "200", description = "The preview", content = @Content(schema = @Schema(implementation = Preview.Document.class)))
    @APIResponse(responseCode = "422", description = "The fetch or parse failed, with the poll's error code", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @POST
    public Response preview(@Valid @NotNull PreviewRequest request) {
        Target target = Target.of(request.url(), addressGuard);
        if (target instanceof Target.Refused refused) {
            return refused.problem();
        }
        URI url = ((Target.Fetchable) target).url();
        Discovery discovery = discoverer.discover(url);
        if (discovery instanceof Discovery.NoFeed none) {
            return Problem.response(422, "Unprocessable Content", PollError.NOT_A_FEED.code(), none.detail());
        }
        Preview preview = pipeline.preview(discovery instanceof Discovery.Found found ? found.feed() : url);
        if (preview instanceof Preview.Failed failed) {
            return Problem.response(422, "Unprocessable Content", failed.code(),
                    failed.detail() + (failed.status() > 0 ? " (HTTP " + failed.status() + ")" : ""));
        }
        return Response.ok(discovery instanceof Discovery.Found found && preview instanceof Preview.Document document
                ? new DiscoveredPreview(document, DiscoveryView.of(found)) : preview).build();
    }
}
