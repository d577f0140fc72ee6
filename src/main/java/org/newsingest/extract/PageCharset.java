package org.newsingest.extract;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * HTML page bytes to text, choosing the encoding in the order the HTML Standard's "determining
 * the character encoding" gives browsers:
 * <ol>
 *   <li>a byte order mark (UTF-8, UTF-16BE, UTF-16LE) wins over everything;</li>
 *   <li>else the {@code charset} parameter of the HTTP Content-Type;</li>
 *   <li>else a {@code <meta charset>} or {@code <meta http-equiv="Content-Type" content="...charset=...">}
 *       within the first 1024 bytes (a UTF-16 label there means UTF-8, as the standard says: a page
 *       whose ASCII bytes could be read to find the tag is not UTF-16);</li>
 *   <li>else sniffing: UTF-8 when the bytes are valid UTF-8, otherwise windows-1252.</li>
 * </ol>
 * Labels are read as the Encoding Standard maps them: {@code iso-8859-1}, {@code latin1} and
 * {@code us-ascii} mean windows-1252, so C1 bytes become the quotes and dashes they stand for.
 * An unknown label is ignored and the next step decides. Bytes invalid in the chosen encoding
 * become U+FFFD; decoding never fails.
 */
public final class PageCharset {

    private static final Charset WINDOWS_1252 = Charset.forName("windows-1252");
    private static final int PRESCAN_BYTES = 1024;
    private static final Pattern CHARSET_PARAM = Pattern.compile("(?i)charset\\s*=\\s*[\"']?\\s*([A-Za-z0-9._:\\-]+)");
    private static final Pattern META = Pattern.compile("(?is)<meta\\s[^>]*>");
    private static final Pattern META_CHARSET = Pattern.compile("(?i)\\scharset\\s*=\\s*[\"']?\\s*([A-Za-z0-9._:\\-]+)");
    private static final Pattern HTTP_EQUIV = Pattern.compile("(?i)http-equiv\\s*=\\s*[\"']?\\s*content-type");
    private static final Pattern CONTENT = Pattern.compile("(?i)content\\s*=\\s*(\"[^\"]*\"|'[^']*'|[^\\s>]+)");

    private PageCharset() {}

    /** The page as text; {@code contentTypeHeader} is the HTTP Content-Type value, if any. */
    public static String decode(byte[] body, Optional<String> contentTypeHeader) {
        Optional<Charset> bom = byteOrderMark(body);
        if (bom.isPresent()) {
            int skip = bom.get().equals(StandardCharsets.UTF_8) ? 3 : 2;
            return new String(body, skip, body.length - skip, bom.get());
        }
        Optional<Charset> chosen = contentTypeHeader.flatMap(PageCharset::charsetParameter)
                .or(() -> metaDeclared(body).map(PageCharset::notWide))
                .or(() -> Optional.of(isValidUtf8(body) ? StandardCharsets.UTF_8 : WINDOWS_1252));
        return new String(body, chosen.get());
    }

    /** The encoding the Encoding Standard gives a label, or empty when it names none Java has. */
    static Optional<Charset> forLabel(String label) {
        String name = label.strip().toLowerCase(Locale.ROOT);
        switch (name) {
            case "iso-8859-1", "iso8859-1", "latin1", "l1", "us-ascii", "ascii", "cp1252", "x-cp1252", "windows-1252",
                    "iso_8859-1", "cp819", "ibm819", "x-user-defined" -> {
                return Optional.of(WINDOWS_1252);
            }
            case "utf8", "unicode-1-1-utf-8", "unicode11utf8", "unicode20utf8", "x-unicode20utf8" -> {
                return Optional.of(StandardCharsets.UTF_8);
            }
            case "unicode", "ucs-2", "utf-16", "csunicode", "iso-10646-ucs-2", "unicodefeff" -> {
                return Optional.of(StandardCharsets.UTF_16LE);
            }
            case "gb2312", "gbk", "x-gbk", "chinese", "csgb2312" -> {
                return Optional.of(Charset.forName("GBK"));
            }
            case "iso-8859-9", "latin5", "iso8859-9" -> {
                return Optional.of(Charset.forName("windows-1254"));
            }
            case "tis-620", "iso-8859-11" -> {
                return Optional.of(Charset.forName("x-windows-874"));
            }
            default -> {
                try {
                    return Optional.of(Charset.forName(name));
                } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
                    return Optional.empty();
                }
            }
        }
    }

    private static Optional<Charset> byteOrderMark(byte[] body) {
        if (body.length >= 3 && (body[0] & 0xFF) == 0xEF && (body[1] & 0xFF) == 0xBB && (body[2] & 0xFF) == 0xBF) {
            return Optional.of(StandardCharsets.UTF_8);
        }
        if (body.length >= 2 && (body[0] & 0xFF) == 0xFE && (body[1] & 0xFF) == 0xFF) {
            return Optional.of(StandardCharsets.UTF_16BE);
        }
        if (body.length >= 2 && (body[0] & 0xFF) == 0xFF && (body[1] & 0xFF) == 0xFE) {
            return Optional.of(StandardCharsets.UTF_16LE);
        }
        return Optional.empty();
    }

    private static Optional<Charset> charsetParameter(String contentType) {
        Matcher m = CHARSET_PARAM.matcher(contentType);
        return m.find() ? forLabel(m.group(1)) : Optional.empty();
    }

    /** The first usable meta declaration in the first 1024 bytes (read as ASCII, which every candidate shares). */
    private static Optional<Charset> metaDeclared(byte[] body) {
        String head = new String(body, 0, Math.min(body.length, PRESCAN_BYTES), StandardCharsets.ISO_8859_1);
        Matcher meta = META.matcher(head);
        while (meta.find()) {
            String tag = meta.group();
            Matcher charset = META_CHARSET.matcher(tag);
            if (charset.find()) {
                Optional<Charset> found = forLabel(charset.group(1));
                if (found.isPresent()) {
                    return found;
                }
                continue;
            }
            Matcher content = CONTENT.matcher(tag);
            if (HTTP_EQUIV.matcher(tag).find() && content.find()) {
                Optional<Charset> found = charsetParameter(content.group(1));
                if (found.isPresent()) {
                    return found;
                }
            }
        }
        return Optional.empty();
    }

    private static Charset notWide(Charset declared) {
        return declared.name().toUpperCase(Locale.ROOT).startsWith("UTF-16") ? StandardCharsets.UTF_8 : declared;
    }

    private static boolean isValidUtf8(byte[] body) {
        try {
            StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(body));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }
}
