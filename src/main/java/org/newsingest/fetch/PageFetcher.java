package org.newsingest.fetch;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import org.newsingest.config.IngestConfig;

/**
 * GETs an arbitrary page (an article, a {@code robots.txt}) exactly as feeds are fetched: the same
 * {@link AddressGuard} on every connection and redirect with the resolver pinned, the same
 * User-Agent, redirect rules and watchdog, and the feed fetcher's own per-host slots
 * ({@link HostLimiter}), so pages and feeds of one host share one cap in this process, and its body
 * byte budget ({@link BodyBudget}) and proxy ({@code ingest.fetch.proxy}). Only the
 * deadline and the body cap are the page's own.
 */
public final class PageFetcher implements AutoCloseable {

    private final FeedFetcher fetcher;

    private PageFetcher(FeedFetcher fetcher) {
        this.fetcher = fetcher;
    }

    /**
     * A page fetcher sharing {@code feeds}' per-host slots. {@code sslContext} null means the JVM's
     * default trust store.
     */
    public static PageFetcher sharingSlotsWith(FeedFetcher feeds, IngestConfig.Fetch settings, AddressGuard guard, Duration timeout,
                                               long maxBytes, SSLContext sslContext) {
        return new PageFetcher(new FeedFetcher(withLimits(settings, timeout, maxBytes), guard, sslContext, feeds.hosts(), feeds.budget(),
                feeds.proxy()));
    }

    /** Never throws; returns within {@code timeout} (plus a little). {@code finalUrl} of a success is where the redirects ended. */
    public FetchResult fetch(URI url) {
        return fetcher.fetch(FetchRequest.unconditional(url));
    }

    /** Cuts off every page fetch under way (shutdown). */
    public void abandonInFlight() {
        fetcher.abandonInFlight();
    }

    @Override
    public void close() {
        fetcher.close();
    }

    /**
     * The fetch settings with the page's deadline and body cap, every other setting as configured.
     * A proxy rather than a class implementing the interface, so a setting added to
     * {@code ingest.fetch} later reaches page fetches without a change here.
     */
    private static IngestConfig.Fetch withLimits(IngestConfig.Fetch settings, Duration timeout, long maxBytes) {
        return (IngestConfig.Fetch) Proxy.newProxyInstance(IngestConfig.Fetch.class.getClassLoader(), new Class<?>[] {IngestConfig.Fetch.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "timeout" -> timeout;
                    case "maxBodyBytes" -> maxBytes;
                    case "toString" -> "page fetch settings (timeout " + timeout + ", max " + maxBytes + " bytes)";
                    default -> {
                        try {
                            yield method.invoke(settings, args);
                        } catch (InvocationTargetException e) {
                            throw e.getCause();
                        }
                    }
                });
    }
}
