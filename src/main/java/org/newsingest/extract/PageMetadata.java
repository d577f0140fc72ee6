package org.newsingest.extract;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** What a page says about itself. TEMPORARY stand-in for the extractcore branch's record (same API). */
public record PageMetadata(Optional<Sourced<String>> title, Optional<Sourced<String>> author, Optional<Sourced<Instant>> published,
        Optional<Sourced<Instant>> modified, Optional<Sourced<String>> image, Optional<Sourced<String>> section,
        List<String> keywords, Optional<Sourced<String>> language, Optional<Sourced<URI>> canonicalUrl, Optional<Boolean> accessibleForFree) {}
