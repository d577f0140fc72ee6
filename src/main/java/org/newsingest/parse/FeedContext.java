package org.newsingest.parse;

import java.net.URI;
import java.util.Optional;

/**
 * What the transport said about a document, as far as parsing needs it.
 *
 * @param contentType the HTTP {@code Content-Type}; its charset takes part in choosing the encoding
 * @param documentUrl the URL the body came from (after redirects); base URI of last resort
 * @param contentLocation the HTTP {@code Content-Location}; resolved against {@code documentUrl},
 *     it is the base URI for relative links unless {@code xml:base} says otherwise
 * @param contentLanguage the HTTP {@code Content-Language}; the feed's language when the document
 *     declares none
 */
public record FeedContext(
        Optional<String> contentType,
        Optional<URI> documentUrl,
        Optional<String> contentLocation,
        Optional<String> contentLanguage) {

    public static final FeedContext NONE = new FeedContext(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());

    public static FeedContext of(Optional<String> contentType, URI documentUrl) {
        return new FeedContext(contentType, Optional.ofNullable(documentUrl), Optional.empty(), Optional.empty());
    }

    /** The base URI for relative references before any {@code xml:base}: Content-Location, else the URL. */
    Optional<URI> baseUri() {
        Optional<URI> location = contentLocation.flatMap(Uris::parse)
                .map(l -> documentUrl.map(url -> Uris.resolve(url, l)).orElse(l))
                .filter(FeedContext::isHttp);
        return location.or(() -> documentUrl.filter(FeedContext::isHttp));
    }

    private static boolean isHttp(URI uri) {
        return "http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme());
    }
}
