package org.newsingest.normalize;

/**
 * Text as PostgreSQL ({@code text}, {@code jsonb}) and JSON can hold it, bounded in UTF-8 bytes.
 *
 * <p>PostgreSQL refuses U+0000 in both types, and a lone surrogate cannot be encoded in UTF-8 at
 * all (the driver would write {@code ?} or fail). The other C0 controls but tab, newline and
 * carriage return, and the non-characters U+FFFE and U+FFFF, are not text in any feed format
 * (XML 1.0 forbids them), so they go too. Lengths are counted in UTF-8 bytes because that is what
 * PostgreSQL's btree limit and Kafka's message size count, not UTF-16 units: a Cyrillic title
 * takes twice, a CJK one three times, an emoji four times the bytes of its {@code length()}.
 */
public final class StoredText {

    private StoredText() {}

    /** {@code value} without the characters that cannot be stored; the same instance when there are none. */
    public static String clean(String value) {
        int n = value.length();
        int i = 0;
        while (i < n && storable(value, i)) {
            i++;
        }
        if (i == n) {
            return value;
        }
        StringBuilder out = new StringBuilder(n);
        out.append(value, 0, i);
        for (; i < n; i++) {
            if (storable(value, i)) {
                out.append(value.charAt(i));
            }
        }
        return out.toString();
    }

    /** The length of {@code value} in UTF-8, counting a lone surrogate as the 3 bytes of U+FFFD. */
    public static int utf8Length(String value) {
        int bytes = 0;
        int n = value.length();
        for (int i = 0; i < n; i++) {
            char c = value.charAt(i);
            if (c < 0x80) {
                bytes += 1;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(value.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }

    /** {@code value} cut to at most {@code maxBytes} of UTF-8, never inside a code point. */
    public static String truncate(String value, int maxBytes) {
        if (value.length() <= maxBytes / 4 || utf8Length(value) <= maxBytes) {
            return value;
        }
        int bytes = 0;
        int i = 0;
        int n = value.length();
        while (i < n) {
            int cp = value.codePointAt(i);
            int size = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
            if (bytes + size > maxBytes) {
                break;
            }
            bytes += size;
            i += Character.charCount(cp);
        }
        return value.substring(0, i);
    }

    /** Whether {@code value} is over {@code maxBytes} of UTF-8. */
    public static boolean exceeds(String value, int maxBytes) {
        return value.length() > maxBytes || (value.length() > maxBytes / 4 && utf8Length(value) > maxBytes);
    }

    private static boolean storable(String value, int i) {
        char c = value.charAt(i);
        if (c >= 0x20 && c < 0xD800) {
            return true;
        }
        if (c < 0x20) {
            return c == '\t' || c == '\n' || c == '\r';
        }
        if (Character.isHighSurrogate(c)) {
            return i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1));
        }
        if (Character.isLowSurrogate(c)) {
            return i > 0 && Character.isHighSurrogate(value.charAt(i - 1));
        }
        return c != 0xFFFE && c != 0xFFFF;
    }
}
