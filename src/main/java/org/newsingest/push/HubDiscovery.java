package org.newsingest.push;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Where a feed is pushed from (WebSub §4, Discovery): the hub and the topic (the {@code self}
 * URL). {@code Link} headers come first; the document's own links ({@code atom:link} in RSS and
 * Atom, {@code hubs} and {@code feed_url} in JSON Feed) are read when the headers name no hub.
 * Without a {@code self} link the URL the document was fetched from is the topic. Of several
 * hubs the first is used: the Recommendation lets a subscriber pick any.
 */
public final class HubDiscovery {

    /** A hub that announces updates of {@code topic}. Both are http(s) URLs. */
    public record Advertised(URI hub, URI topic) {}

    private HubDiscovery() {}

    /**
     * @param linkHeaders the response's {@code Link} header values
     * @param documentHubs the hubs the document names, absolute
     * @param documentSelf the document's {@code self} URL
     * @param documentUrl the URL the document was fetched from (after redirects)
     */
    public static Optional<Advertised> discover(List<String> linkHeaders, List<String> documentHubs, Optional<String> documentSelf,
                                                URI documentUrl) {
        List<WebLinks.Link> links = WebLinks.parse(linkHeaders, documentUrl);
        Optional<URI> headerHub = WebLinks.targets(links, "hub").stream().filter(HubDiscovery::isHttp).findFirst();
        Optional<URI> headerSelf = WebLinks.targets(links, "self").stream().filter(HubDiscovery::isHttp).findFirst();
        Optional<URI> documentSelfUrl = documentSelf.flatMap(HubDiscovery::uri).filter(HubDiscovery::isHttp);
        if (headerHub.isPresent()) {
            return Optional.of(new Advertised(headerHub.get(), headerSelf.or(() -> documentSelfUrl).orElse(documentUrl)));
        }
        return documentHubs.stream().flatMap(hub -> uri(hub).stream()).filter(HubDiscovery::isHttp).findFirst()
                .map(hub -> new Advertised(hub, documentSelfUrl.or(() -> headerSelf).orElse(documentUrl)));
    }

    private static Optional<URI> uri(String value) {
        try {
            return Optional.of(new URI(value.strip()));
        } catch (Exception e) {
            return Optional.empty();
        }
    }

    private static boolean isHttp(URI uri) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        return (scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null;
    }
}
