package org.newsingest.api;

import jakarta.transaction.Transactional;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.newsingest.discover.Discovery;
import org.newsingest.discover.FeedDiscovery;
import org.newsingest.feed.Feed;
import org.newsingest.feed.FeedListEntry;
import org.newsingest.feed.FeedLists;
import org.newsingest.feed.FeedRegistry;
import org.newsingest.feed.SubscribeResult;
import org.newsingest.feed.PollError;
import org.newsingest.fetch.UrlSecrets;

/** The feed list as OPML: {@code /api/v1/opml}. */
@Tag(name = "feeds")
@Path("/api/v1/opml")
public class OpmlResource {

    private static final int MAX_DOCUMENT_BYTES = 5 * 1024 * 1024;

    private final FeedRegistry registry;
    private final FeedDiscovery discoverer;

    OpmlResource(FeedRegistry registry, FeedDiscovery discoverer) {
        this.registry = registry;
        this.discoverer = discoverer;
    }

    @Operation(summary = "The feed list as OPML 2.0")
    @APIResponse(responseCode = "200", description = "OPML", content = @Content(mediaType = "text/x-opml", schema = @Schema(type = SchemaType.STRING)))
    @GET
    @Produces("text/x-opml")
    @Transactional
    @CheapRead("feeds")
    public String export() {
        return FeedLists.toOpml(Feed.listLive());
    }

    /** Subscribes every feed of an OPML (or YAML) list; feeds already there are reported, not changed. */
    @Operation(summary = "Subscribe every feed of an OPML or YAML list")
    @SecurityRequirement(name = ApiKeyFilter.BEARER_SCHEME)
    @APIResponse(responseCode = "200", description = "What happened to each listed feed", content = @Content(schema = @Schema(implementation = OpmlResource.ImportReport.class)))
    @APIResponse(responseCode = "400", description = "Not a feed list", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
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
        for (FeedListEntry listed : entries) {
            // A listed web page is subscribed as the feed it leads to; one that leads to none is rejected.
            Discovery discovery = discoverer.discover(listed);
            if (discovery instanceof Discovery.NoFeed none) {
                rejected.add(new ImportReport.Rejection(listed.url(), PollError.NOT_A_FEED.code(), none.detail()));
                continue;
            }
            FeedListEntry entry = discovery instanceof Discovery.Found found ? listed.discoveredAs(found.feed(), found.newsSitemap()) : listed;
            // An imported list is spread like a feed-list file, so a large import never polls in one burst.
            SubscribeResult result = registry.subscribe(entry, FeedRegistry.ORIGIN_API, registry.firstPollOfListEntry(entry));
            if (result instanceof SubscribeResult.Created c) {
                created.add(c.feed().id);
            } else if (result instanceof SubscribeResult.AlreadySubscribed a) {
                existing.add(a.feed().id);
            } else if (result instanceof SubscribeResult.Rejected r) {
                rejected.add(new ImportReport.Rejection(UrlSecrets.redacted(entry.url()), r.code(), r.detail()));
            }
        }
        return Response.ok(new ImportReport(created, existing, rejected)).build();
    }

    /** What an import did, feed by feed. */
    public record ImportReport(List<Long> created, List<Long> alreadySubscribed, List<Rejection> rejected) {
        public record Rejection(String url, String code, String detail) {}
    }
}
