package org.newsingest.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A WebSub hub on loopback, as far as a subscriber meets one: it records the subscription
 * requests it is sent (form-encoded POSTs), answers 202, and then (unless told to stay silent)
 * verifies intent with a GET on the callback, granting the lease asked for (or
 * {@link #grantLeaseSeconds}). Tests also use
 * it to verify, deny and push by hand, signing pushes as a hub does.
 */
public final class FakeHub implements AutoCloseable {

    /** A subscription request as the hub received it. */
    public record Request(String mode, String topic, String callback, String secret, String leaseSeconds, Instant at) {}

    /** A verification the hub made: what it sent and what the callback answered. */
    public record Verification(String mode, String topic, String challenge, int status, String body) {}

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final HttpServer server;
    private final ExecutorService verifier = Executors.newSingleThreadExecutor();
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final List<Verification> verifications = new CopyOnWriteArrayList<>();
    private volatile boolean verifies = true;
    /** Null: grant the lease the subscriber asked for. */
    private volatile Integer grantLeaseSeconds;

    private FakeHub(HttpServer server) {
        this.server = server;
    }

    public static FakeHub start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            FakeHub hub = new FakeHub(server);
            server.createContext("/", hub::handle);
            server.setExecutor(Executors.newFixedThreadPool(4));
            server.start();
            return hub;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hub";
    }

    /** From now on, requests are accepted (202) but never verified. */
    public FakeHub silent() {
        verifies = false;
        return this;
    }

    /** The lease the hub grants in its verifications from now on. */
    public FakeHub grantLeaseSeconds(int seconds) {
        grantLeaseSeconds = seconds;
        return this;
    }

    public List<Request> requests() {
        return List.copyOf(requests);
    }

    public List<Request> requests(String mode) {
        return requests.stream().filter(r -> r.mode().equals(mode)).toList();
    }

    public List<Verification> verifications() {
        return List.copyOf(verifications);
    }

    /** A verification of intent (or, with mode {@code denied}, a denial) sent to {@code callback}; recorded. */
    public Verification verify(String callback, String mode, String topic, Integer leaseSeconds) {
        String challenge = UUID.randomUUID().toString();
        Map<String, String> query = new HashMap<>(Map.of("hub.mode", mode, "hub.topic", topic));
        if (!mode.equals("denied")) {
            query.put("hub.challenge", challenge);
        } else {
            query.put("hub.reason", "not on this hub");
        }
        if (leaseSeconds != null) {
            query.put("hub.lease_seconds", String.valueOf(leaseSeconds));
        }
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(callback + (callback.contains("?") ? "&" : "?") + form(query))).GET());
        Verification verification = new Verification(mode, topic, challenge, response.statusCode(), response.body());
        verifications.add(verification);
        return verification;
    }

    /** Delivers {@code body} to {@code callback}, signed with {@code method} (sha1, sha256, sha384, sha512) under {@code secret}. */
    public HttpResponse<String> push(String callback, String secret, String method, byte[] body, String contentType) {
        return push(callback, method + "=" + hmac(method, secret, body), body, contentType);
    }

    /** Delivers {@code body} with the given {@code X-Hub-Signature} value (null: none). */
    public HttpResponse<String> push(String callback, String signature, byte[] body, String contentType) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(callback)).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (signature != null) {
            request.header("X-Hub-Signature", signature);
        }
        return send(request);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!exchange.getRequestMethod().equals("POST")) {
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            Map<String, String> form = parse(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            Request request = new Request(form.get("hub.mode"), form.get("hub.topic"), form.get("hub.callback"), form.get("hub.secret"),
                    form.get("hub.lease_seconds"), Instant.now());
            requests.add(request);
            exchange.sendResponseHeaders(202, -1);
            if (verifies && request.callback() != null && request.topic() != null) {
                // WebSub §5.3: the verification follows the 202, asynchronously.
                Integer lease = !request.mode().equals("subscribe") ? null
                        : grantLeaseSeconds != null ? grantLeaseSeconds : Integer.valueOf(request.leaseSeconds());
                verifier.execute(() -> verify(request.callback(), request.mode(), request.topic(), lease));
            }
        }
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return HTTP.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static String hmac(String method, String secret, byte[] body) {
        String algorithm = switch (method) {
            case "sha1" -> "HmacSHA1";
            case "sha256" -> "HmacSHA256";
            case "sha384" -> "HmacSHA384";
            case "sha512" -> "HmacSHA512";
            default -> throw new IllegalArgumentException(method);
        };
        try {
            Mac mac = Mac.getInstance(algorithm);
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), algorithm));
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String form(Map<String, String> values) {
        StringBuilder form = new StringBuilder();
        values.forEach((name, value) -> form.append(form.isEmpty() ? "" : "&").append(URLEncoder.encode(name, StandardCharsets.UTF_8))
                .append('=').append(URLEncoder.encode(value, StandardCharsets.UTF_8)));
        return form.toString();
    }

    private static Map<String, String> parse(String form) {
        Map<String, String> values = new HashMap<>();
        for (String pair : form.split("&")) {
            int equals = pair.indexOf('=');
            if (equals > 0) {
                values.put(URLDecoder.decode(pair.substring(0, equals), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
            }
        }
        return values;
    }

    @Override
    public void close() {
        verifier.shutdownNow();
        server.stop(0);
    }
}
