package org.newsingest.api;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.newsingest.config.IngestConfig;
import org.newsingest.publish.EventContract;

/** {@code GET /api/v1/asyncapi}: the AsyncAPI 3 document of the event topic, naming the topic this service writes to. */
@Path("/api/v1/asyncapi")
@Tag(name = "events")
public class AsyncApiResource {

    static final String MEDIA_TYPE = "application/yaml";

    private final String document;

    AsyncApiResource(IngestConfig config) {
        this.document = load().replace("\n    address: news.items\n", "\n    address: " + config.kafkaTopic() + "\n");
    }

    @GET
    @Produces(MEDIA_TYPE)
    @Operation(summary = "The AsyncAPI 3 document of the event topic")
    @APIResponse(responseCode = "200", description = "AsyncAPI 3.0 (YAML)",
            content = @Content(mediaType = MEDIA_TYPE, schema = @Schema(implementation = String.class)))
    public Response asyncApi() {
        return Response.ok(document, MEDIA_TYPE).header("Cache-Control", "max-age=3600").build();
    }

    private static String load() {
        try (InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(EventContract.ASYNCAPI_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(EventContract.ASYNCAPI_RESOURCE + " is missing from the application");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
