package org.newsingest.fetch;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import org.newsingest.testing.RssFeeds;

/**
 * A raw-socket HTTP/1.1 server on a loopback address, for responses no well-behaved server would
 * send: drips, hangs, resets, lies about lengths. Counts every accepted connection, so SSRF tests
 * can assert that a listener was never reached. Each connection serves one request.
 */
public final class MisbehavingServer implements AutoCloseable {

    /** Writes the whole response (or misbehaves) for one request. */
    @FunctionalInterface
    public interface Handler {
        void handle(Request request, Socket socket, OutputStream out) throws Exception;
    }

    /** The request line and headers as received, byte for byte. */
    public record Request(String head) {
        public String path() {
            return head.split(" ", 3)[1];
        }

        /** The first value of {@code name} exactly as sent, or null. */
        public String header(String name) {
            for (String line : head.split("\r\n")) {
                int colon = line.indexOf(':');
                if (colon > 0 && line.substring(0, colon).equalsIgnoreCase(name)) {
                    return line.substring(colon + 1).replaceFirst("^[ \t]+", "");
                }
            }
            return null;
        }
    }

    private final ServerSocket listener;
    private final AtomicInteger connections = new AtomicInteger();
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final List<Socket> open = new CopyOnWriteArrayList<>();
    private final AtomicInteger concurrent = new AtomicInteger();
    private final AtomicInteger maxConcurrent = new AtomicInteger();
    private volatile Handler handler;

    private MisbehavingServer(ServerSocket listener, Handler handler) {
        this.listener = listener;
        this.handler = handler;
        Thread acceptor = new Thread(this::acceptLoop, "misbehaving-server-" + listener.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public static MisbehavingServer start(Handler handler) throws IOException {
        return start("127.0.0.1", handler);
    }

    public static MisbehavingServer start(String loopbackAddress, Handler handler) throws IOException {
        ServerSocket socket = new ServerSocket();
        socket.bind(new InetSocketAddress(InetAddress.getByName(loopbackAddress), 0));
        return new MisbehavingServer(socket, handler);
    }

    /** On a fixed port (e.g. the same port as another listener, on another loopback address). */
    public static MisbehavingServer start(String loopbackAddress, int port, Handler handler) throws IOException {
        ServerSocket socket = new ServerSocket();
        socket.setReuseAddress(true);
        socket.bind(new InetSocketAddress(InetAddress.getByName(loopbackAddress), port));
        return new MisbehavingServer(socket, handler);
    }

    public static MisbehavingServer startTls(SSLContext context, Handler handler) throws IOException {
        return startTls(context, handler, socket -> { });
    }

    /**
     * A TLS server whose listening socket is changed by {@code configure} (e.g. the protocols it
     * offers) before it accepts: the JDK's SSL server socket fixes a connection's settings when
     * {@code accept()} is called, so a change made once the acceptor waits applies only from the
     * second connection on.
     */
    public static MisbehavingServer startTls(SSLContext context, Handler handler, java.util.function.Consumer<ServerSocket> configure)
            throws IOException {
        ServerSocket socket = context.getServerSocketFactory().createServerSocket();
        configure.accept(socket);
        socket.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
        return new MisbehavingServer(socket, handler);
    }

    public void handler(Handler value) {
        this.handler = value;
    }

    public int port() {
        return listener.getLocalPort();
    }

    /** Connections accepted so far (TCP level: before any byte is read). */
    public int connections() {
        return connections.get();
    }

    public List<Request> requests() {
        return requests;
    }

    /** The most requests that were being handled at the same time. */
    public int maxConcurrent() {
        return maxConcurrent.get();
    }

    private void acceptLoop() {
        while (!listener.isClosed()) {
            Socket socket;
            try {
                socket = listener.accept();
            } catch (IOException e) {
                return;
            }
            connections.incrementAndGet();
            open.add(socket);
            Thread worker = new Thread(() -> serve(socket), "misbehaving-conn");
            worker.setDaemon(true);
            worker.start();
        }
    }

    private void serve(Socket socket) {
        int now = concurrent.incrementAndGet();
        maxConcurrent.accumulateAndGet(now, Math::max);
        try (socket) {
            socket.setSoTimeout(60_000);
            String head = readHead(socket.getInputStream());
            if (head == null) {
                return;
            }
            Request request = new Request(head);
            requests.add(request);
            OutputStream out = socket.getOutputStream();
            handler.handle(request, socket, out);
            out.flush();
        } catch (Exception e) {
            // the client went away, or the handler misbehaved on purpose
        } finally {
            concurrent.decrementAndGet();
            open.remove(socket);
        }
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        byte[] end = {'\r', '\n', '\r', '\n'};
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                return null;
            }
            head.write(b);
            matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
            if (head.size() > 64 * 1024) {
                return null;
            }
        }
        String text = head.toString(StandardCharsets.ISO_8859_1);
        return text.substring(0, text.length() - 4);
    }

    @Override
    public void close() throws IOException {
        listener.close();
        for (Socket socket : open) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }

    // ---- response helpers ----

    public static void respond(OutputStream out, int status, String headers, byte[] body) throws IOException {
        String head = "HTTP/1.1 " + status + " X\r\n" + headers + (body == null ? "" : "Content-Length: " + body.length + "\r\n")
                + "Connection: close\r\n\r\n";
        out.write(head.getBytes(StandardCharsets.ISO_8859_1));
        if (body != null) {
            out.write(body);
        }
        out.flush();
    }

    public static void respond(OutputStream out, int status, String headers, String body) throws IOException {
        respond(out, status, headers, body == null ? null : body.getBytes(StandardCharsets.UTF_8));
    }

    public static Handler ok(String body) {
        return (request, socket, out) -> respond(out, 200, "Content-Type: application/rss+xml\r\n", body);
    }

    public static Handler status(int status, String headers) {
        return (request, socket, out) -> respond(out, status, headers, "");
    }

    /** A minimal valid RSS document with {@code items} items. */
    public static String rss(int items) {
        List<String> entries = new ArrayList<>();
        for (int i = 0; i < items; i++) {
            entries.add("<item><title>Item " + i + "</title><link>https://feeds.test/" + i + "</link><guid>id-" + i + "</guid></item>");
        }
        return RssFeeds.channel("T").link("https://feeds.test/").description("d").items(entries).xml();
    }
}
