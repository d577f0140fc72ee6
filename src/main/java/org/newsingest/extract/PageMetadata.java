package org.newsingest.extract;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Metadata read from the page; each value carries where it came from. */
public record PageMetadata(
        Optional<Sourced<String>> title,
        Optional<Sourced<String>> author,
        Optional<Sourced<Instant>> published,
        Optional<Sourced<Instant>> modified,
        Optional<Sourced<String>> image,
        Optional<Sourced<String>> section,
        List<String> keywords,
        Optional<Sourced<String>> language,
        Optional<Sourced<URI>> canonicalUrl,
        Optional<Boolean> accessibleForFree) {

    public PageMetadata {
        keywords = List.copyOf(keywords);
    }

    public static final PageMetadata NONE = new PageMetadata(Optional.empty(), Optional.empty(), Optional.empty(),
            Optional.empty(), Optional.empty(), Optional.empty(), List.of(), Optional.empty(), Optional.empty(), Optional.empty());
}
