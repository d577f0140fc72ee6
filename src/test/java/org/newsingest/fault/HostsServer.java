package org.newsingest.fault;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Feeds on several loopback hosts (127.0.0.2, 127.0.0.3, …: one server per address), for the
 * scale-out test. Every response takes {@code latency}, so requests overlap, and the server
 * counts what politeness is about: each feed's fetch times, and per host the requests in
 * progress (the maximum seen) and the gaps between request starts.
 */
final class HostsServer implements AutoCloseable {

    private final List<HttpServer> servers = new ArrayList<>();
    private final ExecutorService handlers;
    private final Duration latency;
    private final Map<String, Feed> feeds = new ConcurrentHashMap<>();
    private final Map<String, Host> hosts = new ConcurrentHashMap<>();

    private static final class Feed {
        final List<Long> fetchedAtMillis = Collections.synchronizedList(new ArrayList<>());
        volatile String body = "";
    }

    private static final class Host {
        final AtomicInteger inProgress = new AtomicInteger();
        final AtomicInteger maxInProgress = new AtomicInteger();
        long lastStartNanos = Long.MIN_VALUE;
        long minStartGapNanos = Long.MAX_VALUE;
    }

    /** {@code hostCount} servers sharing {@code handlerThreads} threads: at most that many requests answered at once. */
    HostsServer(int hostCount, Duration latency, int handlerThreads) {
        this.latency = latency;
        this.handlers = Executors.newFixedThreadPool(handlerThreads);
        try {
            for (int h = 0; h < hostCount; h++) {
                HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0." + (2 + h)), 0), 100);
                server.createContext("/", this::handle);
                server.setExecutor(handlers);
                server.start();
                servers.add(server);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    int hostCount() {
        return servers.size();
    }

    String url(int host, String path) {
        InetSocketAddress address = servers.get(host).getAddress();
        return "http://" + address.getAddress().getHostAddress() + ":" + address.getPort() + path;
    }

    /** Serves {@code rss} at {@code path} on every host; the ETag follows the content. */
    void serve(String path, String rss) {
        feeds.computeIfAbsent(path, p -> new Feed()).body = rss;
    }

    /** Requests received on all hosts since start. */
    long requests() {
        return feeds.values().stream().mapToLong(feed -> feed.fetchedAtMillis.size()).sum();
    }

    /** When {@code path} was fetched, in wall-clock milliseconds, oldest first. */
    List<Long> fetches(String path) {
        Feed feed = feeds.get(path);
        synchronized (feed.fetchedAtMillis) {
            return List.copyOf(feed.fetchedAtMillis);
        }
    }

    /** The most requests ever in progress at once on one host. */
    int maxInProgress(String hostAddress) {
        return host(hostAddress).maxInProgress.get();
    }

    /** The shortest time seen between two request starts on one host. */
    Duration minStartGap(String hostAddress) {
        Host host = host(hostAddress);
        synchronized (host) {
            return host.minStartGapNanos == Long.MAX_VALUE ? Duration.ZERO : Duration.ofNanos(host.minStartGapNanos);
        }
    }

    private Host host(String address) {
        return hosts.computeIfAbsent(address, a -> new Host());
    }

    private void handle(HttpExchange exchange) throws IOException {
        Host host = host(exchange.getLocalAddress().getAddress().getHostAddress());
        int now = host.inProgress.incrementAndGet();
        host.maxInProgress.accumulateAndGet(now, Math::max);
        synchronized (host) {
            long start = System.nanoTime();
            if (host.lastStartNanos != Long.MIN_VALUE) {
                host.minStartGapNanos = Math.min(host.minStartGapNanos, start - host.lastStartNanos);
            }
            host.lastStartNanos = start;
        }
        boolean answering = false;
        try (exchange) {
            Feed feed = feeds.get(exchange.getRequestURI().getPath());
            if (feed == null) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            feed.fetchedAtMillis.add(System.currentTimeMillis());
            TimeUnit.MILLISECONDS.sleep(latency.toMillis());
            // No longer "in progress" from here: the client may see the end of the response and
            // start its next request before this thread runs again, which must not count as overlap.
            answering = true;
            host.inProgress.decrementAndGet();
            byte[] body = feed.body.getBytes(StandardCharsets.UTF_8);
            String etag = "\"" + Integer.toHexString(feed.body.hashCode()) + "\"";
            exchange.getResponseHeaders().set("ETag", etag);
            if (etag.equals(exchange.getRequestHeaders().getFirst("If-None-Match"))) {
                exchange.sendResponseHeaders(304, -1);
                return;
            }
            exchange.getResponseHeaders().set("Content-Type", "application/rss+xml; charset=utf-8");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            if (!answering) {
                host.inProgress.decrementAndGet();
            }
        }
    }

    @Override
    public void close() {
        servers.forEach(server -> server.stop(0));
        handlers.shutdownNow();
    }
}
