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
 * (local runs and tests). Reads are open unless {@code INGEST_API_READ_KEY} is set; then they need
 * the read key or the write key.
 */
public class ApiKeyFilter {

    /** The OpenAPI security scheme (HTTP Bearer, declared in application.properties) that every write names. */
    public static final String BEARER_SCHEME = "bearer";

    private static final Set<String> READS = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS);

    private final IngestConfig config;
    private final ApiReadConfig reads;

    ApiKeyFilter(IngestConfig config, ApiReadConfig reads) {
        this.config = config;
        this.reads = reads;
    }

    @ServerRequestFilter
    public Optional<Response> requireKeyForReads(ContainerRequestContext request) {
        // OPTIONS stays open: a CORS preflight never carries credentials.
        boolean read = request.getMethod().equals(HttpMethod.GET) || request.getMethod().equals(HttpMethod.HEAD);
        if (reads.key().isEmpty() || !read || !request.getUriInfo().getPath().startsWith("/api/")) {
            return Optional.empty();
        }
        return readRefusal(config, reads, request.getHeaderString(HttpHeaders.AUTHORIZATION));
    }

    /**
     * The API's rule for a read with this {@code Authorization} header (may be null): open unless
     * {@code INGEST_API_READ_KEY} is set, then the read key or the write key as a bearer token. The
     * console applies the same rule to its pages, so there is one rule for both.
     */
    public static Optional<Response> readRefusal(IngestConfig config, ApiReadConfig reads, String authorization) {
        if (reads.key().isEmpty()) {
            return Optional.empty();
        }
        String given = Optional.ofNullable(authorization).orElse("");
        boolean readKey = matches("Bearer " + reads.key().get(), given);
        boolean writeKey = config.apiKey().map(key -> matches("Bearer " + key, given)).orElse(false);
        if (readKey || writeKey) {
            return Optional.empty();
        }
        return Optional.of(Response.fromResponse(Problem.response(Response.Status.UNAUTHORIZED, "unauthorized",
                "reads need Authorization: Bearer <INGEST_API_READ_KEY or INGEST_API_KEY>")).header(HttpHeaders.WWW_AUTHENTICATE, "Bearer").build());
    }

    /** Constant-time, so the comparison tells nothing about how much of a guess was right. */
    private static boolean matches(String expected, String given) {
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), given.getBytes(StandardCharsets.UTF_8));
    }

    @ServerRequestFilter
    public Optional<Response> requireKeyForWrites(ContainerRequestContext request) {
        if (!request.getUriInfo().getPath().startsWith("/api/")) {
            return Optional.empty();
        }
        return refusal(config, request.getMethod(), request.getHeaderString(HttpHeaders.AUTHORIZATION));
    }

    /**
     * The API's rule for a call with this method and {@code Authorization} header (may be null):
     * the response refusing it, or empty when it may go ahead. The console's no-script forms apply
     * the same rule to the key they carry, so there is one rule for both.
     */
    public static Optional<Response> refusal(IngestConfig config, String method, String authorization) {
        if (READS.contains(method)) {
            return Optional.empty();
        }
        if (config.apiKey().isEmpty()) {
            return config.apiWritesWithoutKey()
                    ? Optional.empty()
                    : Optional.of(Problem.response(Response.Status.FORBIDDEN, "writes_disabled",
                            "writes are disabled because no INGEST_API_KEY is configured"));
        }
        String given = Optional.ofNullable(authorization).orElse("");
        if (!matches("Bearer " + config.apiKey().get(), given)) {
            return Optional.of(Response.fromResponse(Problem.response(Response.Status.UNAUTHORIZED, "unauthorized",
                    "this call needs Authorization: Bearer <INGEST_API_KEY>")).header(HttpHeaders.WWW_AUTHENTICATE, "Bearer").build());
        }
        return Optional.empty();
    }
}
