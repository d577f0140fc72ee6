package org.newsingest.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.quarkus.logging.Log;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.util.stream.Collectors;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Every error of {@code /api/v1} leaves as {@code application/problem+json}. */
public class ProblemMappers {

    @ServerExceptionMapper
    public Response malformedJson(JsonProcessingException e) {
        String detail = e instanceof InvalidFormatException invalid
                ? "invalid value '" + invalid.getValue() + "' for " + fieldPath(invalid)
                : "the request body is not valid JSON: " + e.getOriginalMessage();
        return Problem.response(Response.Status.BAD_REQUEST, "malformed_request", detail);
    }

    /** Quarkus has a default mapper for this type; an application mapper for the same type takes precedence. */
    @ServerExceptionMapper
    public Response mismatchedJson(MismatchedInputException e) {
        return malformedJson(e);
    }

    @ServerExceptionMapper
    public Response invalid(ConstraintViolationException e) {
        String detail = e.getConstraintViolations().stream()
                .map(v -> lastNode(v.getPropertyPath().toString()) + ": " + v.getMessage())
                .sorted()
                .collect(Collectors.joining("; "));
        return Problem.response(422, "Unprocessable Content", "invalid_request", detail);
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e) {
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof JsonProcessingException json) {
                return malformedJson(json);
            }
        }
        Response original = e.getResponse();
        if (original.hasEntity() && Problem.MEDIA_TYPE.equals(String.valueOf(original.getMediaType()))) {
            return original;
        }
        Response.StatusType status = original.getStatusInfo();
        return Problem.response(status.getStatusCode(), status.getReasonPhrase(), "http_" + status.getStatusCode(), e.getMessage());
    }

    /** A read ran past {@code ingest.api-read.statement-timeout} ({@link CheapRead}): the caller may narrow it or retry. */
    @ServerExceptionMapper({jakarta.persistence.QueryTimeoutException.class, org.hibernate.QueryTimeoutException.class})
    public Response readTimeout(RuntimeException e) {
        return Response.fromResponse(Problem.response(Response.Status.SERVICE_UNAVAILABLE, "read_timeout",
                "the read took longer than ingest.api-read.statement-timeout allows; narrow it (since, until, feedId, topic) or try again"))
                .header(HttpHeaders.RETRY_AFTER, "5").build();
    }

    @ServerExceptionMapper
    public Response unexpected(RuntimeException e) {
        Log.error("API request failed unexpectedly", e);
        return Problem.response(Response.Status.INTERNAL_SERVER_ERROR, "internal_error", "the request failed on our side; it has been logged");
    }

    private static String fieldPath(MismatchedInputException e) {
        return e.getPath().stream().map(ref -> ref.getFieldName() == null ? "[" + ref.getIndex() + "]" : ref.getFieldName())
                .collect(Collectors.joining("."));
    }

    private static String lastNode(String path) {
        int dot = path.lastIndexOf('.');
        return dot < 0 ? path : path.substring(dot + 1);
    }
}
