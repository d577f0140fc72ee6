package org.newsingest.api;

import io.quarkus.logging.Log;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.newsingest.fetch.LogSafe;
import org.newsingest.pipeline.FeedPipeline;
import org.newsingest.pipeline.PushResult;
import org.newsingest.push.CallbackLimiter;
import org.newsingest.push.CallbackPaths;
import org.newsingest.push.Callbacks;
import org.newsingest.push.PushMetrics;
import org.newsingest.push.WebSubConfig;

/**
 * The WebSub callback ({@code /websub/callback/{id}}, see docs/push.md): hubs verify intent with
 * a {@code GET} and deliver content with a {@code POST}. No API key: the unguessable id and the
 * signature under the subscription's secret are the authentication. Rate- and size-limited; it
 * answers nothing but these two requests, and never says more than the status about a callback.
 * It lives with the REST resources because it drives the pipeline, which the push package serves.
 */
@Tag(name = "websub")
@Path(CallbackPaths.PREFIX + "{id}")
public class WebSubCallbackResource {

    private final Callbacks callbacks;
    private final FeedPipeline pipeline;
    private final CallbackLimiter limiter;
    private final PushMetrics metrics;
    private final long maxPushBytes;

    WebSubCallbackResource(Callbacks callbacks, FeedPipeline pipeline, CallbackLimiter limiter, PushMetrics metrics, WebSubConfig config) {
        this.callbacks = callbacks;
        this.pipeline = pipeline;
        this.limiter = limiter;
        this.metrics = metrics;
        this.maxPushBytes = config.maxPushBytes();
    }

    @Operation(summary = "WebSub verification of intent or denial (for hubs): echoes hub.challenge only for a request this service made")
    @GET
    @Consumes(MediaType.WILDCARD)
    public Response verify(@PathParam("id") String id, @QueryParam("hub.mode") String mode, @QueryParam("hub.topic") String topic,
                           @QueryParam("hub.challenge") String challenge, @QueryParam("hub.lease_seconds") String leaseSeconds,
                           @QueryParam("hub.reason") String reason) {
        if (!limiter.tryAcquire()) {
            return Response.status(429).build();
        }
        return callbacks.verify(id, mode, topic, challenge, leaseSeconds, reason)
                .map(echo -> Response.ok(echo, MediaType.TEXT_PLAIN_TYPE).build())
                .orElseGet(() -> Response.status(Response.Status.NOT_FOUND).build());
    }

    @Operation(summary = "WebSub content distribution (for hubs): a signed feed document, processed like a poll's")
    @POST
    @Consumes(MediaType.WILDCARD)
    public Response deliver(@PathParam("id") String id, @HeaderParam("X-Hub-Signature") String signature,
                            @HeaderParam("Content-Type") String contentType, @HeaderParam("Content-Length") Long contentLength,
                            InputStream body) {
        if (!limiter.tryAcquire()) {
            metrics.push("rate_limited");
            return Response.status(429).build();
        }
        byte[] bytes;
        try {
            bytes = contentLength != null && contentLength > maxPushBytes ? null : body.readNBytes((int) Math.min(maxPushBytes + 1, Integer.MAX_VALUE));
        } catch (IOException e) {
            metrics.push("unreadable");
            return Response.status(Response.Status.BAD_REQUEST).build();
        }
        if (bytes == null || bytes.length > maxPushBytes) {
            metrics.push("too_large");
            Log.warnf("WebSub push to callback %s refused: larger than %d bytes", LogSafe.text(id, 40), maxPushBytes);
            return Response.status(Response.Status.REQUEST_ENTITY_TOO_LARGE).build();
        }
        Callbacks.Delivery delivery = callbacks.authenticate(id, Optional.ofNullable(signature), bytes);
        if (delivery instanceof Callbacks.Delivery.Unknown) {
            metrics.push("unknown_callback");
            return Response.status(Response.Status.NOT_FOUND).build();
        }
        if (delivery instanceof Callbacks.Delivery.Ended) {
            metrics.push("ended");
            return Response.status(Response.Status.GONE).build();
        }
        if (delivery instanceof Callbacks.Delivery.Ignored ignored) {
            // WebSub §7: a subscriber acknowledges a push whose signature does not verify, and ignores it.
            metrics.push(ignored.outcome());
            return Response.accepted().build();
        }
        Callbacks.Delivery.Authentic authentic = (Callbacks.Delivery.Authentic) delivery;
        PushResult result;
        try {
            result = pipeline.push(authentic.feedId(), bytes, Optional.ofNullable(contentType), authentic.topic());
        } catch (RuntimeException e) {
            // The database is away or the store failed: a 5xx makes the hub deliver again later.
            metrics.push("store_failed");
            Log.warnf("feed %d: a WebSub push could not be stored: %s", authentic.feedId(), LogSafe.text(String.valueOf(e.getMessage()), 300));
            return Response.status(Response.Status.SERVICE_UNAVAILABLE).build();
        }
        callbacks.delivered(authentic.subscriptionId(),
                result instanceof PushResult.Refused refused ? Optional.of(refused.error().code() + ": " + refused.detail()) : Optional.empty());
        metrics.push(result.outcome());
        return Response.noContent().build();
    }
}
