package org.newsingest.api;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.newsingest.publish.EventContract;

/** {@code GET /api/v1/schema}: the JSON Schema of the event body, the same file as in the repository. */
@Path("/api/v1/schema")
public class SchemaResource {

    static final String MEDIA_TYPE = "application/schema+json";

    private final byte[] schema = load();

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
