package org.newsingest.console;

import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.util.Optional;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.newsingest.api.ApiKeyFilter;
import org.newsingest.config.IngestConfig;

/**
 * Who may read the console: exactly who may read the API. The pages are reads, so they pass the
 * API's own rule ({@link ApiKeyFilter#refusal}) with the request's method and credentials; if that
 * rule ever asks something of reads, the console asks it too, here and nowhere else. The console's
 * form posts check their key themselves ({@link ConsoleActions}), as the key travels in the form.
 */
public class ConsoleAccess {

    private final IngestConfig config;

    ConsoleAccess(IngestConfig config) {
        this.config = config;
    }

    @ServerRequestFilter
    public Optional<Response> readsFollowTheApi(ContainerRequestContext request) {
        if (!request.getUriInfo().getPath().startsWith("/console") || request.getMethod().equals(HttpMethod.POST)) {
            return Optional.empty();
        }
        return ApiKeyFilter.refusal(config, request.getMethod(), request.getHeaderString(HttpHeaders.AUTHORIZATION));
    }
}
