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
            Boolean extract) {}

    public record Change(
            @Size(max = 500) String title,
            @Size(max = 50) List<@NotBlank @Size(max = 100) String> tags,
            Duration pollInterval,
            Boolean enabled,
            Boolean extract) {}
}
