package org.newsingest.fetch;

import javax.net.ssl.SSLContext;
import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.ManagedHttpClientConnectionFactory;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.routing.HttpRoutePlanner;
import org.apache.hc.client5.http.ssl.ClientTlsStrategyBuilder;
import org.apache.hc.core5.http.config.Http1Config;
import org.apache.hc.core5.pool.PoolConcurrencyPolicy;
import org.apache.hc.core5.util.Timeout;
import org.newsingest.config.IngestConfig;

/**
 * The HTTP client a {@link FeedFetcher} sends through: it connects only to the addresses
 * {@code resolver} hands back (the guard's pinned answer), along {@code planner}'s route (direct or
 * through a proxy), and does nothing on its own: no redirects, cookies, decoding, retries, cached
 * credentials or default User-Agent, each of which the fetcher decides per hop.
 */
final class GuardedClient {

    private GuardedClient() {}

    /** {@code sslContext} null means the JVM's default trust store. */
    static CloseableHttpClient build(IngestConfig.Fetch config, DnsResolver resolver, HttpRoutePlanner planner, SSLContext sslContext) {
        ClientTlsStrategyBuilder tls = ClientTlsStrategyBuilder.create().setSslContext(sslContext != null ? sslContext : defaultSslContext());
        PoolingHttpClientConnectionManager connections = PoolingHttpClientConnectionManagerBuilder.create()
                .setDnsResolver(resolver)
                .setTlsSocketStrategy(tls.buildClassic())
                .setConnectionFactory(ManagedHttpClientConnectionFactory.builder()
                        .http1Config(Http1Config.custom().setMaxHeaderCount(200).setMaxLineLength(16 * 1024).build())
                        .build())
                .setDefaultConnectionConfig(ConnectionConfig.custom()
                        .setConnectTimeout(Timeout.of(config.connectTimeout()))
                        .setSocketTimeout(Timeout.of(config.timeout()))
                        .build())
                // Per-host limits are the HostLimiter's job; the pool must never be the bottleneck.
                // LAX: one lock per route instead of the strict pool's global lock, under which every
                // lease walked the list of pending leases (a tenth of a 304 poll's CPU at 128 workers).
                .setPoolConcurrencyPolicy(PoolConcurrencyPolicy.LAX)
                .setMaxConnPerRoute(1000)
                .setMaxConnTotal(1000)
                .build();
        return HttpClients.custom()
                .setConnectionManager(connections)
                .setRoutePlanner(planner)
                .disableRedirectHandling()
                .disableCookieManagement()
                .disableContentCompression()
                .disableAutomaticRetries()
                .disableAuthCaching()
                .disableDefaultUserAgent()
                .build();
    }

    private static SSLContext defaultSslContext() {
        try {
            return SSLContext.getDefault();
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("no default TLS context", e);
        }
    }
}
