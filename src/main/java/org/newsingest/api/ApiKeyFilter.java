package org.newsingest.api;

import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;
import java.util.Set;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.newsingest.config.IngestConfig;

/**
 * Writes to {@code /api/v1} need {@code Authorization: Bearer <INGEST_API_KEY>}. Without a key
 * configured, writes are refused unless {@code ingest.api-writes-without-key} allows them
 * (local runs and tests).
 */
public class ApiKeyFilter {

    /** The OpenAPI security scheme (HTTP Bearer, declared in application.properties) that every write names. */
    public static final String BEARER_SCHEME = "bearer";

    private static final Set<String> READS = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS);

    private final IngestConfig config;

    ApiKeyFilter(IngestConfig config) {
        this.config = config;
    }

    @ServerRequestFilter
    public Optional<Response> requireKeyForWrites(ContainerRequestContext request) {
        if (READS.contains(request.getMethod()) || !request.getUriInfo().getPath().startsWith("/api/")) {
            return Optional.empty();
        }
        if (config.apiKey().isEmpty()) {
            return config.apiWritesWithoutKey()
                    ? Optional.empty()
                    : Optional.of(Problem.response(Response.Status.FORBIDDEN, "writes_disabled",
                            "writes are disabled because no INGEST_API_KEY is configured"));
        }
        String expected = "Bearer " + config.apiKey().get();
        String given = Optional.ofNullable(request.getHeaderString(HttpHeaders.AUTHORIZATION)).orElse("");
        if (!MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), given.getBytes(StandardCharsets.UTF_8))) {
            return Optional.of(Response.fromResponse(Problem.response(Response.Status.UNAUTHORIZED, "unauthorized",
                    "this call needs Authorization: Bearer <INGEST_API_KEY>")).header(HttpHeaders.WWW_AUTHENTICATE, "Bearer").build());
        }
        return Optional.empty();
    }
}
