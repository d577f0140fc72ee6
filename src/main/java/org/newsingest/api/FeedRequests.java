package org.newsingest.api;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.time.Duration;
import java.util.List;

/** Request bodies of the feed calls. */
public final class FeedRequests {

    private FeedRequests() {}

    public record Subscribe(
            @NotBlank @Size(max = 2048) String url,
            @Size(max = 500) String title,
            @Size(max = 50) List<@NotBlank @Size(max = 100) String> tags,
            Duration pollInterval,
            Boolean enabled,
            Boolean extract) {

        /** Subscribes {@code url} with every other setting at its default (the console's form). */
        public static Subscribe url(String url) {
            return new Subscribe(url, null, null, null, null, null);
        }
    }

    public record Change(
            @Size(max = 500) String title,
            @Size(max = 50) List<@NotBlank @Size(max = 100) String> tags,
            Duration pollInterval,
            Boolean enabled,
            Boolean extract) {

        /** Pauses ({@code false}) or resumes the feed and changes nothing else. */
        public static Change enabled(boolean enabled) {
            return new Change(null, null, null, enabled, null);
        }
    }
}
