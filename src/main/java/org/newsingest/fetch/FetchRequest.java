package org.newsingest.fetch;

import java.net.URI;
import java.util.Optional;

/**
 * One conditional GET: the feed URL, the validators stored from the last committed poll, and the
 * feed's own request settings (headers, User-Agent).
 */
public record FetchRequest(URI url, Optional<String> etag, Optional<String> lastModified, RequestSettings settings) {

    public FetchRequest(URI url, Optional<String> etag, Optional<String> lastModified) {
        this(url, etag, lastModified, RequestSettings.NONE);
    }

    public static FetchRequest unconditional(URI url) {
        return new FetchRequest(url, Optional.empty(), Optional.empty());
    }
}
