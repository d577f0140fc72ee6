package org.newsingest.console;

import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.newsingest.api.ApiKeyFilter;
import org.newsingest.api.ApiReadConfig;
import org.newsingest.config.IngestConfig;

/**
 * Who may read the console: exactly who may read the API. The pages are reads, so they pass the
 * API's own rules ({@link ApiKeyFilter#refusal}, {@link ApiKeyFilter#readRefusal}) with the
 * request's credentials, here and nowhere else. A browser following a link cannot send a bearer
 * token, so when {@code INGEST_API_READ_KEY} closes reads the console asks for HTTP Basic
 * credentials instead: any user name, the read key (or the write key) as the password; the browser
 * keeps them for the session and sends them with every page. The console's form posts check their
 * key themselves ({@link ConsoleActions}), as the key travels in the form.
 */
public class ConsoleAccess {

    private static final String BASIC = "Basic ";

    private final IngestConfig config;
    private final ApiReadConfig reads;

    ConsoleAccess(IngestConfig config, ApiReadConfig reads) {
        this.config = config;
        this.reads = reads;
    }

    @ServerRequestFilter
    public Optional<Response> readsFollowTheApi(ContainerRequestContext request) {
        if (!request.getUriInfo().getPath().startsWith("/console") || request.getMethod().equals(HttpMethod.POST)) {
            return Optional.empty();
        }
        String authorization = asBearer(request.getHeaderString(HttpHeaders.AUTHORIZATION));
        return ApiKeyFilter.refusal(config, request.getMethod(), authorization)
                .or(() -> ApiKeyFilter.readRefusal(config, reads, authorization)
                        .map(refused -> Response.fromResponse(refused)
                                .header(HttpHeaders.WWW_AUTHENTICATE, null)
                                .header(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"news-ingest console\", charset=\"UTF-8\"")
                                .build()));
    }

    /** Basic credentials as the bearer token their password is; anything else as it came. */
    static String asBearer(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, BASIC, 0, BASIC.length())) {
            return authorization;
        }
        try {
            String pair = new String(Base64.getDecoder().decode(authorization.substring(BASIC.length()).strip()), StandardCharsets.UTF_8);
            int colon = pair.indexOf(':');
            return colon < 0 ? null : "Bearer " + pair.substring(colon + 1);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
