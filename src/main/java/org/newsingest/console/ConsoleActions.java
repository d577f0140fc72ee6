package org.newsingest.console;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.Optional;
import java.util.function.Supplier;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;
import org.newsingest.api.ApiKeyFilter;
import org.newsingest.api.FeedRequests;
import org.newsingest.api.FeedResource;
import org.newsingest.api.OpmlResource;
import org.newsingest.api.Problem;
import org.newsingest.config.IngestConfig;

/**
 * The console's actions for browsers without script: each form carries the API key as a field,
 * which is checked once by the API's own rule ({@link ApiKeyFilter#refusal}) and handed to the
 * API's own resource method; the key is neither kept nor rendered. With script, the same forms
 * call {@code /api/v1} directly with the key from the tab's sessionStorage (console.js).
 */
@Path("/console")
@Produces(MediaType.TEXT_HTML)
public class ConsoleActions {

    @CheckedTemplate(basePath = "console")
    static class Templates {
        static native TemplateInstance action(Views.ActionResult result);
    }

    private final IngestConfig config;
    private final FeedResource feeds;
    private final OpmlResource opml;

    ConsoleActions(IngestConfig config, FeedResource feeds, OpmlResource opml) {
        this.config = config;
        this.feeds = feeds;
        this.opml = opml;
    }

    @POST
    @Path("feeds/{id}/pause")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response pause(@PathParam("id") long id, @RestForm String key) {
        return act(key, "Paused feed " + id, back(id), () -> feeds.change(id, change(false)));
    }

    @POST
    @Path("feeds/{id}/resume")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response resume(@PathParam("id") long id, @RestForm String key) {
        return act(key, "Resumed feed " + id, back(id), () -> feeds.change(id, change(true)));
    }

    @POST
    @Path("feeds/{id}/poll")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response poll(@PathParam("id") long id, @RestForm String key) {
        return act(key, "Feed " + id + " is queued to be polled now", back(id), () -> feeds.pollNow(id));
    }

    @POST
    @Path("feeds/{id}/delete")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response delete(@PathParam("id") long id, @RestForm String key) {
        return act(key, "Unsubscribed feed " + id + "; its items stay", "/console/feeds", () -> feeds.unsubscribe(id));
    }

    @POST
    @Path("subscribe")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response subscribe(@RestForm String url, @RestForm String key) {
        return act(key, "Subscribed " + url, "/console/feeds",
                () -> feeds.subscribe(FeedRequests.Subscribe.url(Optional.ofNullable(url).orElse("").strip())));
    }

    @POST
    @Path("opml")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    public Response importList(@RestForm("file") FileUpload file, @RestForm String key) {
        return act(key, "Imported the feed list", "/console/feeds", () -> {
            try {
                return opml.importList(file == null ? new byte[0] : Files.readAllBytes(file.uploadedFile()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /** The API's answer to the action, as a page with the same status: refused when the key does not pass the API's rule. */
    private static Response act(Optional<Response> refusal, String done, String back, Supplier<Response> call) {
        Response answer = refusal.orElseGet(call);
        int status = answer.getStatus();
        String detail = answer.getEntity() instanceof Problem problem ? problem.detail() : done;
        String title = status < 300 ? "Done" : status == 401 || status == 403 ? "Refused" : "Not done";
        return Response.status(status).type(MediaType.TEXT_HTML_TYPE)
                .entity(Templates.action(new Views.ActionResult(status, title, detail, back))).build();
    }

    private Response act(String key, String done, String back, Supplier<Response> call) {
        String authorization = key == null || key.isBlank() ? null : "Bearer " + key.strip();
        return act(ApiKeyFilter.refusal(config, HttpMethod.POST, authorization), done, back, call);
    }

    private static FeedRequests.Change change(boolean enabled) {
        return FeedRequests.Change.enabled(enabled);
    }

    private static String back(long id) {
        return "/console/feeds/" + id;
    }
}
