package org.newsingest.api;

import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.info.Info;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The OpenAPI document's frame (served at {@code /q/openapi}): the Bearer scheme that every write
 * declares with {@code @SecurityRequirement(name = "bearer")}, and the tags the resources use.
 * Reads need no credentials ({@link ApiKeyFilter}).
 */
@OpenAPIDefinition(
        info = @Info(title = "news-ingest API", version = "1",
                description = "Feed subscriptions, stored items, previews and replays. Writes need Authorization: Bearer <INGEST_API_KEY>."),
        tags = {
            @Tag(name = "feeds", description = "Subscriptions and their polling state"),
            @Tag(name = "items", description = "Stored items, shaped like their latest event"),
            @Tag(name = "events", description = "The event contract and re-publishing")
        })
@SecurityScheme(securitySchemeName = OpenApiDefinition.BEARER, type = SecuritySchemeType.HTTP, scheme = "bearer",
        description = "The value of INGEST_API_KEY, an opaque token. Required for POST, PATCH and DELETE.")
public final class OpenApiDefinition {

    /** The name writes refer to in {@code @SecurityRequirement}. */
    public static final String BEARER = "bearer";

    private OpenApiDefinition() {}
}
