package org.newsingest.api;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.newsingest.publish.EventContract;

/** {@code GET /api/v1/schema}: the JSON Schema of the event body, the same file as in the repository. */
@Tag(name = "events")
@Path("/api/v1/schema")
public class SchemaResource {

    static final String MEDIA_TYPE = "application/schema+json";

    private final byte[] schema = load();

    @Operation(summary = "The JSON Schema of the event body")
    @APIResponse(responseCode = "200", description = "JSON Schema 2020-12", content = @Content(mediaType = MEDIA_TYPE, schema = @Schema(type = SchemaType.OBJECT)))
    @GET
    @Produces(MEDIA_TYPE)
    public Response schema() {
        return Response.ok(schema, MEDIA_TYPE).header("Cache-Control", "max-age=3600").build();
    }

    private static byte[] load() {
        try (InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(EventContract.SCHEMA_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(EventContract.SCHEMA_RESOURCE + " is missing from the application");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
