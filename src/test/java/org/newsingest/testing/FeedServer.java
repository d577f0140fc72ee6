package org.newsingest.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A local HTTP server on loopback that serves feed documents the test sets, with ETag support,
 * and counts the requests it saw per path.
 */
public final class FeedServer implements AutoCloseable {

    private final HttpServer server;
    private final Map<String, Document> documents = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();
    /** Paths that answer with an HTTP status and no document, e.g. a broken feed's 500. */
    private final Map<String, Integer> failures = new ConcurrentHashMap<>();
    private final Map<String, Map.Entry<String, String>> required = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> authorized = new ConcurrentHashMap<>();
    /** Closed while responses stall: requests are counted, then wait for {@link #resume()}. */
    private volatile CountDownLatch gate = new CountDownLatch(0);
    private final Map<String, Redirect> redirects = new ConcurrentHashMap<>();
    private final Set<String> hanging = ConcurrentHashMap.newKeySet();
    private final CountDownLatch closing = new CountDownLatch(1);

    private FeedServer(HttpServer server) {
        this.server = server;
    }

    public static FeedServer start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            FeedServer feeds = new FeedServer(server);
            server.createContext("/", feeds::handle);
            server.setExecutor(Executors.newFixedThreadPool(16));
            server.start();
            return feeds;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Serves {@code body} at {@code path}; its ETag changes with the content. */
    public void serve(String path, String contentType, byte[] body) {
        documents.put(path, new Document(contentType, body, "\"" + Integer.toHexString(Arrays.hashCode(body)) + "\"", 200, Map.of()));
    }

    public void serve(String path, String body) {
        serve(path, "application/rss+xml; charset=utf-8", body.getBytes(StandardCharsets.UTF_8));
    }

    /** Answers requests to {@code path} with a redirect ({@code status}) to {@code location}. */
    public void redirect(String path, int status, String location) {
        redirects.put(path, new Redirect(status, location));
    }

    /** Requests to {@code path} are counted and then never answered, until the server closes. */
    public void hang(String path) {
        hanging.add(path);
    }

    /** From now on {@code path} answers {@code status} with an empty body. */
    public void fail(String path, int status) {
        failures.put(path, status);
    }

    /** Answers {@code path} with {@code status}, {@code headers} and {@code body} (no ETag): error pages, bot walls. */
    public void serve(String path, int status, Map<String, String> headers, String contentType, byte[] body) {
        documents.put(path, new Document(contentType, body, null, status, Map.copyOf(headers)));
    }

    /** From now on {@code path} answers 401 unless the request carries header {@code name} with {@code value}. */
    public void requireHeader(String path, String name, String value) {
        required.put(path, Map.entry(name, value));
    }

    /** Requests to {@code path} that carried the required header. */
    public int authorizedHits(String path) {
        return authorized.computeIfAbsent(path, p -> new AtomicInteger()).get();
    }

    public String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    /** From now on every request hangs (after being counted) until {@link #resume()}: fetches in progress. */
    public void stall() {
        gate = new CountDownLatch(1);
    }

    /** Answers the stalled requests and every later one at once. */
    public void resume() {
        gate.countDown();
    }

    public int hits(String path) {
        return hits.computeIfAbsent(path, p -> new AtomicInteger()).get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        hits.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
        try {
            gate.await(5, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (hanging.contains(path)) {
            try {
                closing.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.close();
            return;
        }
        Redirect redirect = redirects.get(path);
        if (redirect != null) {
            try (exchange) {
                exchange.getResponseHeaders().set("Location", redirect.location());
                exchange.sendResponseHeaders(redirect.status(), -1);
            }
            return;
        }
        Document document = documents.get(path);
        Integer failure = failures.get(path);
        try (exchange) {
            if (failure != null) {
                exchange.sendResponseHeaders(failure, -1);
                return;
            }
            if (document == null) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            Map.Entry<String, String> requirement = required.get(path);
            if (requirement != null) {
                if (!requirement.getValue().equals(exchange.getRequestHeaders().getFirst(requirement.getKey()))) {
                    exchange.sendResponseHeaders(401, -1);
                    return;
                }
                authorized.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
            }
            if (document.etag() == null) {
                document.headers().forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
                exchange.getResponseHeaders().set("Content-Type", document.contentType());
                exchange.sendResponseHeaders(document.status(), document.body().length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(document.body());
                }
                return;
            }
            exchange.getResponseHeaders().set("ETag", document.etag());
            if (document.etag().equals(exchange.getRequestHeaders().getFirst("If-None-Match"))) {
                exchange.sendResponseHeaders(304, -1);
                return;
            }
            exchange.getResponseHeaders().set("Content-Type", document.contentType());
            exchange.sendResponseHeaders(200, document.body().length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(document.body());
            }
        }
    }

    @Override
    public void close() {
        closing.countDown();
        server.stop(0);
    }

    private record Redirect(int status, String location) {}

    /** {@code etag} null: served as is, with {@code status} and {@code headers}, never as a 304. */
    private record Document(String contentType, byte[] body, String etag, int status, Map<String, String> headers) {}
}
