package org.newsingest.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.ws.rs.core.Response;

/**
 * An RFC 9457 problem document. {@code code} is a stable machine-readable reason
 * (e.g. {@code blocked_address}, {@code already_subscribed}).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(String type, String title, int status, String detail, String code) {

    public static final String MEDIA_TYPE = "application/problem+json";

    public static Response response(Response.Status status, String code, String detail) {
        Problem problem = new Problem("about:blank", status.getReasonPhrase(), status.getStatusCode(), detail, code);
        return Response.status(status).type(MEDIA_TYPE).entity(problem).build();
    }

    public static Response response(int status, String title, String code, String detail) {
        return Response.status(status).type(MEDIA_TYPE).entity(new Problem("about:blank", title, status, detail, code)).build();
    }
}
