package org.newsingest.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/**
 * A small HTTP forward proxy on loopback: it takes absolute-form requests ({@code GET
 * http://host:port/path HTTP/1.1}), records each request line, and forwards the request to that
 * port on 127.0.0.1 whatever the host is called (test hosts resolve nowhere else). With
 * credentials set it first answers {@code 407} until {@code Proxy-Authorization} carries them.
 * Plain http targets only: no {@code CONNECT}.
 */
public final class ForwardProxy implements AutoCloseable {

    /** Hop-by-hop and proxy headers that are not forwarded. */
    private static final Set<String> NOT_FORWARDED = Set.of("host", "connection", "proxy-authorization", "proxy-connection", "keep-alive",
            "content-length", "transfer-encoding", "upgrade", "te");

    private final HttpServer server;
    private final Optional<String> expectedAuthorization;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final List<String> forwarded = new CopyOnWriteArrayList<>();
    private final List<String> refused = new CopyOnWriteArrayList<>();

    private ForwardProxy(HttpServer server, Optional<String> expectedAuthorization) {
        this.server = server;
        this.expectedAuthorization = expectedAuthorization;
    }

    /** A proxy that asks for no credentials. */
    public static ForwardProxy start() {
        return start(Optional.empty());
    }

    /** A proxy that answers 407 until a request carries {@code user:password} as Basic credentials. */
    public static ForwardProxy requiring(String user, String password) {
        return start(Optional.of("Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8))));
    }

    private static ForwardProxy start(Optional<String> expectedAuthorization) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            ForwardProxy proxy = new ForwardProxy(server, expectedAuthorization);
            server.createContext("/", proxy::handle);
            server.setExecutor(Executors.newFixedThreadPool(16));
            server.start();
            return proxy;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** {@code http://127.0.0.1:port}, with {@code user:password@} when given. */
    public String url(String userInfo) {
        return "http://" + (userInfo.isEmpty() ? "" : userInfo + "@") + "127.0.0.1:" + port();
    }

    /** The absolute URLs of the requests forwarded, in order. */
    public List<String> forwarded() {
        return List.copyOf(forwarded);
    }

    /** Requests answered 407 (no or wrong credentials). */
    public List<String> refused() {
        return List.copyOf(refused);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            URI target = exchange.getRequestURI();
            if (!target.isAbsolute()) {
                exchange.sendResponseHeaders(400, -1);
                return;
            }
            if (expectedAuthorization.isPresent()
                    && !expectedAuthorization.get().equals(exchange.getRequestHeaders().getFirst("Proxy-Authorization"))) {
                refused.add(target.toString());
                exchange.getResponseHeaders().add("Proxy-Authenticate", "Basic realm=\"test proxy\"");
                exchange.sendResponseHeaders(407, -1);
                return;
            }
            forwarded.add(target.toString());
            URI local = new URI("http", null, "127.0.0.1", target.getPort() < 0 ? 80 : target.getPort(), target.getRawPath() == null ? "/" : target.getPath(),
                    target.getQuery(), null);
            HttpRequest.Builder request = HttpRequest.newBuilder(local).timeout(Duration.ofSeconds(30)).GET();
            exchange.getRequestHeaders().forEach((name, values) -> {
                if (!NOT_FORWARDED.contains(name.toLowerCase())) {
                    values.forEach(value -> request.header(name, value));
                }
            });
            HttpResponse<byte[]> response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            response.headers().map().forEach((name, values) -> {
                if (!NOT_FORWARDED.contains(name.toLowerCase()) && !name.startsWith(":")) {
                    values.forEach(value -> exchange.getResponseHeaders().add(name, value));
                }
            });
            byte[] body = response.body();
            exchange.sendResponseHeaders(response.statusCode(), body.length == 0 || response.statusCode() == 304 ? -1 : body.length);
            if (body.length > 0 && response.statusCode() != 304) {
                exchange.getResponseBody().write(body);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.net.URISyntaxException e) {
            throw new IOException(e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
