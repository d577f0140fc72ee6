package org.newsingest.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Feed documents served on many loopback addresses (127.0.0.1, 127.0.0.2, ...), so the service
 * sees many hosts as it would many outlets and its per-host politeness does not turn the whole
 * benchmark into one host's queue. Answers conditional requests: when {@code If-None-Match}
 * matches, {@code 304} with probability {@code notModifiedShare}, else the full document.
 * Counts every poll. Also serves every benchmark story's article page ({@link #pageUrl}), written
 * from the story itself on each request, for the scenarios with the extract stage on.
 */
final class LoopbackFeeds implements AutoCloseable {

    private final List<HttpServer> servers = new ArrayList<>();
    private final ExecutorService workers = Executors.newFixedThreadPool(16);
    private final Map<String, Document> documents = new ConcurrentHashMap<>();
    private final AtomicLong versions = new AtomicLong();
    private final double notModifiedShare;
    final LongAdder polls = new LongAdder();
    final LongAdder notModified = new LongAdder();
    final LongAdder pages = new LongAdder();

    private record Document(byte[] body, String etag) {}

    LoopbackFeeds(int hosts, double notModifiedShare) {
        this.notModifiedShare = notModifiedShare;
        try {
            int port = 0;
            for (int h = 0; h < hosts; h++) {
                // One port on every address: a feed's URL is then a pure function of its number (seed-items.sql relies on it).
                HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getByName(address(h)), port), 1024);
                port = server.getAddress().getPort();
                server.createContext("/", this::handle);
                server.setExecutor(workers);
                server.start();
                servers.add(server);
            }
        } catch (IOException e) {
            close();
            throw new UncheckedIOException("binding loopback addresses 127.0.x.y (Linux routes all of 127/8 to loopback)", e);
        }
    }

    int port() {
        return servers.get(0).getAddress().getPort();
    }

    int hosts() {
        return servers.size();
    }

    private static String address(int host) {
        return "127.0." + (host / 250) + "." + (1 + host % 250);
    }

    /** The URL of feed {@code feed}: feeds are spread round-robin over the hosts. */
    String url(int feed) {
        HttpServer server = servers.get(feed % servers.size());
        return "http://" + address(feed % servers.size()) + ":" + server.getAddress().getPort() + path(feed);
    }

    private static String path(int feed) {
        return "/feeds/" + feed + ".xml";
    }

    /** The article page of story {@code number} of feed {@code feed}, on the feed's host. */
    String pageUrl(int feed, long number) {
        HttpServer server = servers.get(feed % servers.size());
        return "http://" + address(feed % servers.size()) + ":" + server.getAddress().getPort() + "/pages/" + feed + "/" + number + ".html";
    }

    String etag(int feed) {
        return documents.get(path(feed)).etag();
    }

    void serve(int feed, byte[] body) {
        documents.put(path(feed), new Document(body, "\"v" + versions.incrementAndGet() + "\""));
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String[] page = exchange.getRequestURI().getPath().split("/");
            if (page.length == 4 && page[1].equals("pages") && page[3].endsWith(".html")) {
                pages.increment();
                byte[] html = Stories.page(Integer.parseInt(page[2]), Long.parseLong(page[3].substring(0, page[3].length() - 5)));
                exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
                exchange.sendResponseHeaders(200, html.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(html);
                }
                return;
            }
            polls.increment();
            Document document = documents.get(exchange.getRequestURI().getPath());
            if (document == null) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            exchange.getResponseHeaders().set("ETag", document.etag());
            if (document.etag().equals(exchange.getRequestHeaders().getFirst("If-None-Match"))
                    && ThreadLocalRandom.current().nextDouble() < notModifiedShare) {
                notModified.increment();
                exchange.sendResponseHeaders(304, -1);
                return;
            }
            exchange.getResponseHeaders().set("Content-Type", "application/rss+xml; charset=utf-8");
            exchange.sendResponseHeaders(200, document.body().length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(document.body());
            }
        }
    }

    @Override
    public void close() {
        servers.forEach(server -> server.stop(0));
        workers.shutdownNow();
    }
}
