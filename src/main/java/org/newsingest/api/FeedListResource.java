package org.newsingest.api;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.newsingest.feed.FeedListLoader;
import org.newsingest.feed.FeedListStatus;

/** {@code GET /api/v1/feeds/list-status}: how the feed-list sync of this start went. */
@Tag(name = "feeds")
@Path("/api/v1/feeds/list-status")
public class FeedListResource {

    private final FeedListLoader loader;

    FeedListResource(FeedListLoader loader) {
        this.loader = loader;
    }

    @Operation(summary = "How the feed-list sync of this start went (it runs after the service is ready)")
    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public StatusView status() {
        return StatusView.of(loader.status());
    }

    @Schema(name = "FeedListStatus", description = "The feed-list sync of this start: the feeds file (INGEST_FEEDS_FILE) or the bundled list.")
    public record StatusView(
            @Schema(enumeration = {"pending", "not_needed", "synced", "failed"})
            String state,
            @Schema(description = "The feeds file's path, or 'bundled'.")
            String source,
            @Schema(description = "Listed feeds subscribed or kept (synced only).")
            Integer feeds,
            @Schema(description = "Entries refused, each 'url: reason (code)' (synced only).")
            List<String> skipped,
            @Schema(description = "Why the list could not be read or parsed (failed only); the subscribed feeds stayed as they were.")
            String error,
            Instant at,
            @Schema(description = "Web pages the feeds file lists, each 'page → feed': subscribed as the feed discovery chose (synced only). A page that leads to no feed is in skipped (not_a_feed).")
            List<String> discovered) {

        static StatusView of(FeedListStatus status) {
            if (status instanceof FeedListStatus.Synced synced) {
                return new StatusView("synced", synced.source(), synced.feeds(), synced.skipped(), null, synced.at(), synced.discovered());
            }
            if (status instanceof FeedListStatus.Failed failed) {
                return new StatusView("failed", failed.source(), null, List.of(), failed.error(), failed.at(), List.of());
            }
            String state = status instanceof FeedListStatus.Pending ? "pending" : "not_needed";
            return new StatusView(state, status.source(), null, List.of(), null, null, List.of());
        }
    }
}
