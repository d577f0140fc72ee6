package org.newsingest.api;

import jakarta.transaction.Transactional;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.newsingest.feed.Feed;
import org.newsingest.feed.FeedListEntry;
import org.newsingest.feed.FeedLists;
import org.newsingest.feed.FeedRegistry;
import org.newsingest.feed.SubscribeResult;

/** The feed list as OPML: {@code /api/v1/opml}. */
@Path("/api/v1/opml")
public class OpmlResource {

    private static final int MAX_DOCUMENT_BYTES = 5 * 1024 * 1024;

    private final FeedRegistry registry;

    OpmlResource(FeedRegistry registry) {
        this.registry = registry;
    }

    @GET
    @Produces("text/x-opml")
    @Transactional
    public String export() {
        return FeedLists.toOpml(Feed.listLive());
    }

    /** Subscribes every feed of an OPML (or YAML) list; feeds already there are reported, not changed. */
    @POST
    @Consumes({"text/x-opml", MediaType.APPLICATION_XML, MediaType.TEXT_XML, "application/yaml", MediaType.TEXT_PLAIN})
    @Produces(MediaType.APPLICATION_JSON)
    public Response importList(byte[] document) {
        if (document.length > MAX_DOCUMENT_BYTES) {
            return Problem.response(Response.Status.REQUEST_ENTITY_TOO_LARGE, "too_large", "feed lists are limited to 5 MiB");
        }
        List<FeedListEntry> entries;
        try {
            entries = FeedLists.parse(document);
        } catch (FeedLists.InvalidFeedListException e) {
            return Problem.response(422, "Unprocessable Content", "invalid_feed_list", e.getMessage());
        }
        List<Long> created = new ArrayList<>();
        List<Long> existing = new ArrayList<>();
        List<ImportReport.Rejection> rejected = new ArrayList<>();
        for (FeedListEntry entry : entries) {
            SubscribeResult result = registry.subscribe(entry, FeedRegistry.ORIGIN_API, Instant.now());
            if (result instanceof SubscribeResult.Created c) {
                created.add(c.feed().id);
            } else if (result instanceof SubscribeResult.AlreadySubscribed a) {
                existing.add(a.feed().id);
            } else if (result instanceof SubscribeResult.Rejected r) {
                rejected.add(new ImportReport.Rejection(entry.url(), r.code(), r.detail()));
            }
        }
        return Response.ok(new ImportReport(created, existing, rejected)).build();
    }

    /** What an import did, feed by feed. */
    public record ImportReport(List<Long> created, List<Long> alreadySubscribed, List<Rejection> rejected) {
        public record Rejection(String url, String code, String detail) {}
    }
}
