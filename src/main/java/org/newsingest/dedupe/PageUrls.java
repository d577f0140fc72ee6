package org.newsingest.dedupe;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.newsingest.normalize.CanonicalUrl;

/**
 * The URLs an article page names its story by, beyond the feed entry's link: where its redirects
 * ended, and the canonical URL it declares ({@code <link rel=canonical>}, else {@code og:url}),
 * normalised as entry links are ({@link CanonicalUrl}). Two stories of different feeds whose pages
 * meet on one of them are one story: a tracking redirect and the article it leads to, or another
 * outlet's syndicated copy that names the original as canonical.
 *
 * <p>What never identifies a story: a site's home page (some CMSs declare it as every page's
 * canonical), and a URL over {@link #MAX_INDEXED_BYTES} (more than the index holds, as for entry links).
 */
public final class PageUrls {

    /** Longest URL indexed, in UTF-8 bytes: the store's limit for canonical URLs. */
    static final int MAX_INDEXED_BYTES = 2000;

    private PageUrls() {}

    /** The page's identifying URLs, normalised, ascending (the order their locks are taken in). */
    public static Set<String> of(URI finalUrl, Optional<URI> declaredCanonical) {
        Set<String> urls = new TreeSet<>();
        Stream.concat(Stream.of(finalUrl), declaredCanonical.stream())
                .map(url -> CanonicalUrl.of(url.toString()))
                .flatMap(Optional::stream)
                .filter(PageUrls::identifies)
                .forEach(urls::add);
        return urls;
    }

    /** Whether a normalised URL may name one story: not a home page, not too long to index. */
    public static boolean identifies(String canonicalUrl) {
        URI uri = URI.create(canonicalUrl);
        String path = uri.getRawPath();
        boolean homePage = (path == null || path.isEmpty() || path.equals("/")) && uri.getRawQuery() == null;
        return !homePage && canonicalUrl.getBytes(StandardCharsets.UTF_8).length <= MAX_INDEXED_BYTES;
    }
}
