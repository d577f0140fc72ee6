package org.newsingest.fetch;

import java.net.InetAddress;
import java.net.UnknownHostException;
import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.impl.DefaultSchemePortResolver;
import org.apache.hc.client5.http.impl.routing.DefaultRoutePlanner;
import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.client5.http.routing.HttpRoutePlanner;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.protocol.HttpContext;

/**
 * How one fetcher's requests reach their target: directly, or through the {@link OutboundProxy}
 * the fetch asked for. The proxy's own host is resolved without the {@link AddressGuard} (the
 * operator named it, and it may well be private); every other host goes through the pinned,
 * checked resolver. The target of a proxied request is checked by the fetcher before it is sent,
 * since the proxy, not this process, connects to it.
 */
final class ProxyRoutes {

    private static final String PROXY = "news-ingest.proxy";

    /** The proxy of the fetch running on this thread (httpclient5's classic client connects on the calling thread). */
    private final ThreadLocal<OutboundProxy> current = new ThreadLocal<>();

    /** Sends the request of {@code context} through {@code proxy}, answering its 407 with the proxy's credentials. */
    void use(OutboundProxy proxy, HttpClientContext context) {
        current.set(proxy);
        context.setAttribute(PROXY, proxy.host());
        proxy.credentialsProvider().ifPresent(context::setCredentialsProvider);
    }

    /** The fetch on this thread is over. */
    void clear() {
        current.remove();
    }

    HttpRoutePlanner planner() {
        return new DefaultRoutePlanner(DefaultSchemePortResolver.INSTANCE) {
            @Override
            protected HttpHost determineProxy(HttpHost target, HttpContext context) {
                return context.getAttribute(PROXY) instanceof HttpHost proxyHost ? proxyHost : null;
            }
        };
    }

    DnsResolver resolver(PinnedResolver pinned) {
        return new DnsResolver() {
            @Override
            public InetAddress[] resolve(String host) throws UnknownHostException {
                OutboundProxy proxy = current.get();
                String bare = IpLiteral.unbracket(host);
                if (proxy != null && proxy.host().getHostName().equalsIgnoreCase(bare)) {
                    return InetAddress.getAllByName(bare);
                }
                return pinned.resolve(host);
            }

            @Override
            public String resolveCanonicalHostname(String host) {
                return host;
            }
        };
    }
}
