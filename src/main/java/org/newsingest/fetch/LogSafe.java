package org.newsingest.fetch;

import java.net.URI;

/**
 * Makes values from feeds and servers safe to log and to show (CWE-117): control characters
 * (CR, LF, ESC and the rest, including ANSI sequences' introducer) are escaped as {@code \\uXXXX},
 * long values are truncated, and credentials in URLs are redacted ({@link UrlSecrets}).
 */
public final class LogSafe {

    /** Default length kept of a value. */
    public static final int DEFAULT_MAX = 300;

    private LogSafe() {}

    public static String text(String value) {
        return text(value, DEFAULT_MAX);
    }

    /** {@code value} with control characters escaped, cut to {@code max} characters (plus a marker). */
    public static String text(String value, int max) {
        if (value == null) {
            return "null";
        }
        StringBuilder out = new StringBuilder(Math.min(value.length(), max) + 16);
        int i = 0;
        for (; i < value.length() && out.length() < max; i++) {
            char c = value.charAt(i);
            if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029' || (Character.getType(c) == Character.FORMAT && c != '\u200d')) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        if (i < value.length()) {
            out.append("…[").append(value.length() - i).append(" more chars]");
        }
        return out.toString();
    }

    /** A URL for logs: credentials replaced by {@code ***} ({@link UrlSecrets#redacted}), then escaped and truncated. */
    public static String url(String url) {
        if (url == null) {
            return "null";
        }
        return text(UrlSecrets.redacted(url), DEFAULT_MAX);
    }

    public static String url(URI url) {
        return url(url == null ? null : url.toString());
    }
}
