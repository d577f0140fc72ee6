package org.newsingest.fetch;

import jakarta.enterprise.context.ApplicationScoped;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Optional;
import org.newsingest.config.IngestConfig;

/** Decides whether a URL may be fetched at all: scheme, and the addresses its host resolves to. */
@ApplicationScoped
public class AddressGuard {

    private final IngestConfig.Fetch config;

    AddressGuard(IngestConfig config) {
        this.config = config.fetch();
    }

    /** Empty when {@code url} may be fetched, else the error and why not. */
    public Optional<FetchResult.Failed> check(URI url) {
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            return Optional.of(new FetchResult.Failed(0, FetchError.UNSUPPORTED_SCHEME, "only http and https feeds are fetched, not '" + scheme + "'"));
        }
        if (url.getHost() == null) {
            return Optional.of(new FetchResult.Failed(0, FetchError.UNSUPPORTED_SCHEME, "URL has no host"));
        }
        if (config.allowPrivateNetworks()) {
            return Optional.empty();
        }
        try {
            for (InetAddress address : InetAddress.getAllByName(url.getHost())) {
                if (address.isLoopbackAddress() || address.isSiteLocalAddress() || address.isLinkLocalAddress() || address.isAnyLocalAddress()) {
                    return Optional.of(new FetchResult.Failed(0, FetchError.BLOCKED_ADDRESS, url.getHost() + " resolves to the non-public address " + address.getHostAddress()));
                }
            }
        } catch (UnknownHostException e) {
            return Optional.of(new FetchResult.Failed(0, FetchError.NETWORK_ERROR, "unknown host " + url.getHost()));
        }
        return Optional.empty();
    }
}
