package org.newsingest.console;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Optional;

/** Numbers, times and errors as an operator reads them. */
public final class Figures {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'", Locale.ROOT).withZone(ZoneOffset.UTC);

    private Figures() {}

    public static String number(double value) {
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return String.format(Locale.ROOT, "%,d", (long) value);
        }
        return String.format(Locale.ROOT, value < 10 ? "%.2f" : "%,.1f", value);
    }

    public static String time(Instant at) {
        return at == null ? "never" : TIME.format(at);
    }

    /** "3 min ago", "in 40 s": relative to {@code now}. */
    public static String relative(Instant at, Instant now) {
        if (at == null) {
            return "never";
        }
        Duration d = Duration.between(at, now);
        return d.isNegative() ? "in " + duration(d.negated()) : duration(d) + " ago";
    }

    public static String duration(Duration d) {
        long s = d.toSeconds();
        if (s < 1) {
            return d.toMillis() + " ms";
        }
        if (s < 120) {
            return s + " s";
        }
        if (s < 7200) {
            return s / 60 + " min";
        }
        if (s < 172_800) {
            return s / 3600 + " h";
        }
        return s / 86_400 + " days";
    }

    public static String duration(Optional<Duration> d) {
        return d.map(Figures::duration).orElse("no events sent");
    }

    /** A feed's last error code (fetch.PollError, with its HTTP status) as words. */
    public static String error(String code, Integer status) {
        if (code == null) {
            return "";
        }
        String http = status == null ? "" : "HTTP " + status + ": ";
        return switch (code) {
            case "http_5xx" -> http + "the server failed";
            case "http_4xx" -> http + "the server refused the request";
            case "rate_limited" -> http + "rate limited, asked to come back later";
            case "gone" -> http + "the publisher removed the feed";
            case "timeout" -> "timed out";
            case "network_error" -> "could not connect";
            case "tls_error" -> "the TLS handshake failed";
            case "not_a_feed" -> http + "the document is not a feed";
            case "parse_error" -> "the feed could not be parsed";
            case "decode_error" -> "the document's encoding could not be decoded";
            case "too_large" -> "the document is larger than allowed";
            case "empty_body" -> http + "the server sent an empty document";
            case "too_many_redirects" -> "too many redirects";
            case "insecure_redirect" -> "redirected from HTTPS to plain HTTP";
            case "blocked_address" -> "the address is not allowed (private or reserved network)";
            case "unsupported_scheme", "invalid_url" -> "the URL is not a fetchable http(s) URL";
            case "suspicious_empty" -> "the document suddenly has no items";
            case "store_failed" -> "the items could not be stored";
            case ConsoleFeeds.BOT_CHALLENGE -> http + "a bot-challenge page instead of the feed";
            default -> http + code.replace('_', ' ');
        };
    }
}
