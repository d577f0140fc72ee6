package org.newsingest.parse;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Bytes to text, choosing the encoding as RFC 7303 §3 says: a byte order mark wins; else the
 * {@code charset} parameter of the HTTP Content-Type; else the XML declaration's {@code encoding};
 * else UTF-16/32 recognised from the first bytes; else UTF-8.
 *
 * <p><b>Bytes that do not decode.</b> Candidates are tried strictly in that order, then UTF-8, then
 * windows-1252. When the preferred candidate fails on only a few sequences while it decodes at least
 * ten times as many non-ASCII characters correctly (e.g. one truncated sequence in an otherwise
 * UTF-8 Cyrillic feed), it is kept and each bad sequence becomes U+FFFD: one broken byte must not
 * turn a whole feed into Latin mojibake. A windows-1252 feed mislabelled as UTF-8 has almost no
 * valid multi-byte sequences, so it falls through to windows-1252 as it should. Otherwise the first
 * candidate that decodes cleanly is used, and windows-1252 (which decodes every byte) is the last
 * resort. ISO-8859-1 and US-ASCII labels are read as windows-1252, as browsers do, so C1 bytes
 * become the curly quotes and dashes they stand for in practice. The result records the charset
 * used and whether any fallback was needed.
 */
final class Decoding {

    private static final Pattern DECLARED = Pattern.compile(
            "^\\s*<\\?xml[^>]*?encoding\\s*=\\s*[\"']([A-Za-z0-9._:\\-]+)[\"']");
    private static final Pattern CHARSET_PARAM = Pattern.compile(
            "(?i);\\s*charset\\s*=\\s*\"?([A-Za-z0-9._:\\-]+)\"?");
    private static final Charset WINDOWS_1252 = Charset.forName("windows-1252");

    record Decoded(String text, String charset, List<String> warnings) {}

    private Decoding() {}

    static Decoded decode(byte[] body, Optional<String> contentType) {
        List<String> warnings = new ArrayList<>(1);
        Charset bom = null;
        int skip = 0;
        if (startsWith(body, 0x00, 0x00, 0xFE, 0xFF)) {
            bom = Charset.forName("UTF-32BE");
            skip = 4;
        } else if (startsWith(body, 0xFF, 0xFE, 0x00, 0x00)) {
            bom = Charset.forName("UTF-32LE");
            skip = 4;
        } else if (startsWith(body, 0xEF, 0xBB, 0xBF)) {
            bom = StandardCharsets.UTF_8;
            skip = 3;
        } else if (startsWith(body, 0xFE, 0xFF)) {
            bom = StandardCharsets.UTF_16BE;
            skip = 2;
        } else if (startsWith(body, 0xFF, 0xFE)) {
            bom = StandardCharsets.UTF_16LE;
            skip = 2;
        }
        Charset sniffed = null;
        if (bom == null) {
            if (startsWith(body, 0x00, 0x00, 0x00, 0x3C)) {
                sniffed = Charset.forName("UTF-32BE");
            } else if (startsWith(body, 0x3C, 0x00, 0x00, 0x00)) {
                sniffed = Charset.forName("UTF-32LE");
            } else if (startsWith(body, 0x00, 0x3C, 0x00, 0x3F) || startsWith(body, 0x00, 0x3C)) {
                sniffed = StandardCharsets.UTF_16BE;
            } else if (startsWith(body, 0x3C, 0x00, 0x3F, 0x00) || startsWith(body, 0x3C, 0x00)) {
                sniffed = StandardCharsets.UTF_16LE;
            }
        }
        Charset http = contentType.flatMap(Decoding::charsetParam).flatMap(Decoding::charset).orElse(null);
        Charset wideBytes = bom != null ? bom : sniffed;
        if (http != null && isWide(http) && wideBytes != null && isWide(wideBytes)) {
            http = wideBytes;
        }
        Charset declared = declared(body, skip, bom != null ? bom : sniffed);

        LinkedHashSet<Charset> candidates = new LinkedHashSet<>();
        if (bom != null) {
            candidates.add(bom);
        }
        if (http != null && !(bom == null && sniffed != null && !isWide(http))) {
            candidates.add(http);
        }
        if (declared != null && !(sniffed != null && !isWide(declared))) {
            candidates.add(declared);
        }
        if (sniffed != null) {
            candidates.add(sniffed);
        }
        candidates.add(StandardCharsets.UTF_8);
        candidates.add(WINDOWS_1252);

        Charset first = candidates.iterator().next();
        for (Charset candidate : candidates) {
            try {
                String text = strict(candidate, body, skip);
                if (candidate != first) {
                    warnings.add("encoding: " + first.name() + " did not decode, read as " + candidate.name());
                }
                return new Decoded(c1ToWindows1252(text), candidate.name(), warnings);
            } catch (CharacterCodingException e) {
                if (candidate == first) {
                    String lenient = lenient(candidate, body, skip);
                    long bad = lenient.chars().filter(c -> c == 0xFFFD).count();
                    long goodNonAscii = lenient.chars().filter(c -> c > 0x7F && c != 0xFFFD).count();
                    if (bad > 0 && goodNonAscii >= 10 * bad && !isWide(candidate)) {
                        warnings.add("encoding: " + bad + " byte sequence(s) invalid in " + candidate.name() + ", replaced by U+FFFD");
                        return new Decoded(c1ToWindows1252(lenient), candidate.name(), warnings);
                    }
                }
            }
        }
        // Unreachable: windows-1252 with REPLACE never throws, but be explicit.
        return new Decoded(lenient(WINDOWS_1252, body, skip), WINDOWS_1252.name(), warnings);
    }

    private static boolean isWide(Charset charset) {
        String name = charset.name().toUpperCase(Locale.ROOT);
        return name.startsWith("UTF-16") || name.startsWith("UTF-32");
    }

    private static String strict(Charset charset, byte[] body, int skip) throws CharacterCodingException {
        if (charset == WINDOWS_1252) {
            return lenient(charset, body, skip);
        }
        CharsetDecoder decoder = charset.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        CharBuffer chars = decoder.decode(ByteBuffer.wrap(body, skip, body.length - skip));
        return chars.toString();
    }

    private static String lenient(Charset charset, byte[] body, int skip) {
        if (charset == WINDOWS_1252) {
            // windows-1252 leaves five bytes undefined; keep them as the Latin-1 code point.
            char[] out = new char[body.length - skip];
            String mapped = new String(body, skip, body.length - skip, WINDOWS_1252);
            for (int i = 0; i < out.length; i++) {
                char c = mapped.charAt(i);
                out[i] = c == 0xFFFD ? (char) (body[skip + i] & 0xFF) : c;
            }
            return new String(out);
        }
        return new String(body, skip, body.length - skip, charset);
    }

    /** C1 controls (U+0080..U+009F) are never meant; in practice they are windows-1252 bytes. */
    static String c1ToWindows1252(String text) {
        int i = 0;
        int n = text.length();
        while (i < n) {
            char c = text.charAt(i);
            if (c >= 0x80 && c <= 0x9F) {
                break;
            }
            i++;
        }
        if (i == n) {
            return text;
        }
        StringBuilder out = new StringBuilder(n).append(text, 0, i);
        for (; i < n; i++) {
            char c = text.charAt(i);
            if (c >= 0x80 && c <= 0x9F) {
                String mapped = new String(new byte[] {(byte) c}, WINDOWS_1252);
                out.append(mapped.charAt(0) == 0xFFFD ? c : mapped.charAt(0));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static Charset declared(byte[] body, int skip, Charset wide) {
        int len = Math.min(body.length - skip, 512);
        String head;
        if (wide != null && isWide(wide)) {
            head = new String(body, skip, Math.min(body.length - skip, 2048), wide);
        } else {
            head = new String(body, skip, len, StandardCharsets.ISO_8859_1);
        }
        Matcher m = DECLARED.matcher(head);
        if (!m.find()) {
            return null;
        }
        Optional<Charset> cs = charset(m.group(1));
        // A declaration of UTF-16 on a body without UTF-16 bytes is wrong: ignore it.
        if (cs.isPresent() && isWide(cs.get())) {
            return wide != null && isWide(wide) ? wide : null;
        }
        return cs.orElse(null);
    }

    private static Optional<String> charsetParam(String contentType) {
        Matcher m = CHARSET_PARAM.matcher(contentType);
        return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }

    static Optional<Charset> charset(String label) {
        String l = label.strip().toLowerCase(Locale.ROOT);
        switch (l) {
            case "iso-8859-1", "iso8859-1", "latin1", "latin-1", "l1", "us-ascii", "ascii", "iso_8859-1", "cp819", "ibm819":
                return Optional.of(WINDOWS_1252);
            case "utf8":
                return Optional.of(StandardCharsets.UTF_8);
            case "utf-16", "utf16", "utf-32", "utf32":
                // Byte order comes from the BOM or the sniffed bytes; without them assume big-endian.
                return Optional.of(l.contains("16") ? StandardCharsets.UTF_16BE : Charset.forName("UTF-32BE"));
            default:
                try {
                    return Optional.of(Charset.forName(l));
                } catch (IllegalArgumentException e) {
                    return Optional.empty();
                }
        }
    }

    private static boolean startsWith(byte[] body, int... prefix) {
        if (body.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if ((body[i] & 0xFF) != prefix[i]) {
                return false;
            }
        }
        return true;
    }
}
