package org.newsingest.fetch;

import java.io.InputStream;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.security.KeyStore;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/** Resolvers, fetchers and TLS contexts for the fetch tests. Nothing here leaves the loopback interface. */
final class Fixtures {

    private Fixtures() {}

    /** A resolver with fixed answers for test names; IP literals resolve as themselves, anything else is unknown. */
    static final class FakeDns implements HostResolver {
        final Map<String, InetAddress[]> answers = new ConcurrentHashMap<>();
        final AtomicInteger lookups = new AtomicInteger();

        FakeDns map(String host, String... addresses) {
            InetAddress[] resolved = new InetAddress[addresses.length];
            for (int i = 0; i < addresses.length; i++) {
                try {
                    resolved[i] = InetAddress.getByName(addresses[i]);
                } catch (UnknownHostException e) {
                    throw new IllegalArgumentException(e);
                }
            }
            answers.put(host, resolved);
            return this;
        }

        @Override
        public InetAddress[] resolve(String host) throws UnknownHostException {
            lookups.incrementAndGet();
            InetAddress[] answer = answers.get(host.toLowerCase());
            if (answer != null) {
                return answer;
            }
            if (IpLiteral.isLiteral(host)) {
                return new InetAddress[] {InetAddress.getByName(host)};
            }
            throw new UnknownHostException(host);
        }
    }

    /** {@code feeds.test} and {@code other.test} live on 127.0.0.1 and are allow-listed by name; nothing else private is allowed. */
    static FakeDns dns() {
        return new FakeDns().map("feeds.test", "127.0.0.1").map("other.test", "127.0.0.1");
    }

    static TestConfig config() {
        return TestConfig.defaults().allowing("feeds.test", "other.test");
    }

    static FeedFetcher fetcher(TestConfig config, HostResolver dns) {
        return new FeedFetcher(config, new AddressGuard(config, dns), trustingTestCertificates());
    }

    static FeedFetcher fetcher() {
        return fetcher(config(), dns());
    }

    static URI url(MisbehavingServer server, String path) {
        return URI.create("http://feeds.test:" + server.port() + path);
    }

    static FetchRequest get(MisbehavingServer server, String path) {
        return FetchRequest.unconditional(url(server, path));
    }

    static SSLContext serverContext(String keystore) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/tls/" + keystore)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, "changeit".toCharArray());
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(store, "changeit".toCharArray());
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys.getKeyManagers(), null, null);
            return context;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static SSLContext trustingTestCertificates() {
        try (InputStream in = Fixtures.class.getResourceAsStream("/tls/trust.p12")) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, "changeit".toCharArray());
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(store);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
