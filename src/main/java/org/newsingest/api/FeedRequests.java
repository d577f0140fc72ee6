package org.newsingest.api;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.newsingest.feed.SourceSettings;
import org.newsingest.filter.FeedFilters;

/** Request bodies of the feed calls. */
public final class FeedRequests {

    private static final String PROXY = "An HTTP forward proxy for this feed's polls, in place of the service's (INGEST_FETCH_PROXY):"
            + " http://[user:password@]host:port. Write-only credentials: responses show it as http://***@host:port. \"\" removes it.";

    private FeedRequests() {}

    public record Subscribe(
            @NotBlank @Size(max = 2048) String url,
            @Size(max = 500) String title,
            @Size(max = 50) List<@NotBlank @Size(max = 100) String> tags,
            Duration pollInterval,
            Boolean enabled,
            Boolean extract,
            @Valid FeedFilters filters,
            @Schema(description = "Request headers sent with every poll (e.g. Authorization, Cookie). Write-only: responses show their names only. {} removes them.")
            Map<String, String> headers,
            @Schema(description = "A User-Agent sent in place of the service's; \"\" restores the service's.")
            String userAgent,
            @Schema(description = "The outlet's news sitemap: read for the entries published since the last good poll after a gap or a downtime. \"\" removes it.")
            @Size(max = 2048) String sitemapUrl,
            @Schema(description = PROXY)
            @Size(max = 2048) String proxy) {

        /** Subscribes {@code url} with every other setting at its default (the console's form). */
        public static Subscribe url(String url) {
            return new Subscribe(url, null, null, null, null, null, null, null, null, null, null);
        }
    }

    public record Change(
            @Size(max = 500) String title,
            @Size(max = 50) List<@NotBlank @Size(max = 100) String> tags,
            Duration pollInterval,
            Boolean enabled,
            Boolean extract,
            @Valid FeedFilters filters,
            @Schema(description = "Request headers sent with every poll (e.g. Authorization, Cookie). Write-only: responses show their names only. {} removes them.")
            Map<String, String> headers,
            @Schema(description = "A User-Agent sent in place of the service's; \"\" restores the service's.")
            String userAgent,
            @Schema(description = "The outlet's news sitemap: read for the entries published since the last good poll after a gap or a downtime. \"\" removes it.")
            @Size(max = 2048) String sitemapUrl,
            @Schema(description = PROXY)
            @Size(max = 2048) String proxy) {

        /** Pauses ({@code false}) or resumes the feed and changes nothing else. */
        public static Change enabled(boolean enabled) {
            return new Change(null, null, null, enabled, null, null, null, null, null, null);
        }
    }

    /** The source settings a subscribe or change names. */
    static SourceSettings sources(FeedFilters filters, Map<String, String> headers, String userAgent, String sitemapUrl, String proxy) {
        return new SourceSettings(Optional.ofNullable(filters), Optional.ofNullable(headers), Optional.ofNullable(userAgent),
                Optional.ofNullable(sitemapUrl), Optional.ofNullable(proxy));
    }
}
