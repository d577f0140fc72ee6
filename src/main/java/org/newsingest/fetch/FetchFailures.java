package org.newsingest.fetch;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.Locale;
import javax.net.ssl.SSLException;
import org.apache.hc.core5.http.ConnectionClosedException;
import org.newsingest.feed.PollError;

/** How a fetch's I/O failure is recorded: a stable code, and a detail that says what happened. */
final class FetchFailures {

    private FetchFailures() {}

    /** Sorts an I/O failure into a stable code. */
    static FetchResult.Failed classify(IOException e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof BlockedAddressException blocked) {
                return new FetchResult.Failed(0, blocked.error(), blocked.getMessage());
            }
        }
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof SSLException) {
                return new FetchResult.Failed(0, PollError.TLS_ERROR, "TLS: " + LogSafe.text(cause.getMessage(), 200));
            }
        }
        String message = LogSafe.text(String.valueOf(e.getMessage()), 200);
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            // A read timeout may arrive wrapped (e.g. by the body reader) and just before the deadline's own check.
            if (cause instanceof InterruptedIOException) {
                return new FetchResult.Failed(0, PollError.TIMEOUT, "timed out: " + message);
            }
        }
        if (e instanceof UnknownHostException) {
            return new FetchResult.Failed(0, PollError.NETWORK_ERROR, "unknown host: " + message);
        }
        if (e instanceof ConnectException || e instanceof NoRouteToHostException) {
            return new FetchResult.Failed(0, PollError.NETWORK_ERROR, "cannot connect: " + message);
        }
        return new FetchResult.Failed(0, PollError.NETWORK_ERROR, e.getClass().getSimpleName() + ": " + message);
    }

    /** The connection failed in the middle of the body: said as it happened, with how much had arrived. */
    static FetchResult.Failed cutShort(int status, BodyReader.WireException e, long contentLength) {
        String of = contentLength >= 0 ? " of " + contentLength : "";
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof SocketException && String.valueOf(cause.getMessage()).toLowerCase(Locale.ROOT).contains("reset")) {
                return new FetchResult.Failed(status, PollError.NETWORK_ERROR,
                        "connection reset by the server after " + e.received + of + " bytes of the body");
            }
            if (cause instanceof ConnectionClosedException) {
                return new FetchResult.Failed(status, PollError.NETWORK_ERROR,
                        "connection closed by the server after " + e.received + of + " bytes of the body");
            }
        }
        FetchResult.Failed failed = classify(e);
        return new FetchResult.Failed(status, failed.error(), "body cut short after " + e.received + of + " bytes: " + failed.detail());
    }
}
