package org.newsingest.fetch;

import java.net.URI;
import java.util.Optional;

/** One conditional GET: the feed URL and the validators stored from the last committed poll. */
public record FetchRequest(URI url, Optional<String> etag, Optional<String> lastModified) {

    public static FetchRequest unconditional(URI url) {
        return new FetchRequest(url, Optional.empty(), Optional.empty());
    }
}
