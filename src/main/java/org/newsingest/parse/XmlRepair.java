package org.newsingest.parse;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jsoup.nodes.Entities;

/**
 * Repairs, on the decoded text and before any XML parser sees it, what real feeds get wrong and
 * what is safe to repair:
 * <ul>
 *   <li>anything before the XML declaration or the first element (BOMs, whitespace, PHP warnings);</li>
 *   <li>characters XML 1.0 forbids (C0 controls, U+FFFE/U+FFFF, lone surrogates), also when written
 *       as character references;</li>
 *   <li>HTML named entities ({@code &eacute;}), which XML does not declare, become numeric
 *       references; an {@code &} that starts no reference becomes {@code &amp;}.</li>
 * </ul>
 * CDATA sections, comments and processing instructions are copied untouched. A DOCTYPE that only
 * names an external DTD can be {@link #withoutExternalDoctype skipped}; any other is never repaired
 * away: {@link #hasDoctype} lets the caller refuse the document.
 */
final class XmlRepair {

    private static final int MAX_ENTITY_NAME = 32;
    /** A DOCTYPE with at most a public and a system identifier, and no internal subset. */
    private static final Pattern EXTERNAL_DOCTYPE = Pattern.compile(
            "<!DOCTYPE\\s+[\\p{L}_:][\\p{L}\\p{N}_:.-]*(?:\\s+PUBLIC\\s+(?:\"[^\"<>\\[\\]]*\"|'[^'<>\\[\\]]*')"
                    + "(?:\\s+(?:\"[^\"<>\\[\\]]*\"|'[^'<>\\[\\]]*'))?|\\s+SYSTEM\\s+(?:\"[^\"<>\\[\\]]*\"|'[^'<>\\[\\]]*'))?\\s*>",
            Pattern.CASE_INSENSITIVE);

    private XmlRepair() {}

    /** The repaired text; {@code notes} receives one line per kind of repair made. */
    static String repair(String text, List<String> notes) {
        int start = startOfMarkup(text);
        if (start > 0) {
            notes.add("removed " + start + " character(s) before the XML");
        }
        StringBuilder out = null;
        int n = text.length();
        int copied = start;
        boolean entityFixed = false;
        boolean charFixed = false;
        int i = start;
        while (i < n) {
            char c = text.charAt(i);
            if (c == '<') {
                String end = null;
                if (text.startsWith("<![CDATA[", i)) {
                    end = "]]>";
                } else if (text.startsWith("<!--", i)) {
                    end = "-->";
                } else if (i + 1 < n && text.charAt(i + 1) == '?') {
                    end = "?>";
                }
                if (end != null) {
                    int close = text.indexOf(end, i + 2);
                    int stop = close < 0 ? n : close + end.length();
                    // Forbidden characters are forbidden in CDATA and comments too.
                    for (int j = i; j < stop; j++) {
                        if (!allowed(text, j)) {
                            if (out == null) {
                                out = new StringBuilder(n + 16);
                            }
                            out.append(text, copied, j);
                            copied = j + 1;
                            charFixed = true;
                        }
                    }
                    i = stop;
                    continue;
                }
                i++;
            } else if (c == '&') {
                int semi = -1;
                int limit = Math.min(n, i + 2 + MAX_ENTITY_NAME);
                for (int j = i + 1; j < limit; j++) {
                    char d = text.charAt(j);
                    if (d == ';') {
                        semi = j;
                        break;
                    }
                    if (!(Character.isLetterOrDigit(d) || d == '#' || d == '_' || d == '-' || d == '.')) {
                        break;
                    }
                }
                String replacement = null;
                if (semi < 0) {
                    replacement = "&amp;";
                } else {
                    String name = text.substring(i + 1, semi);
                    if (name.startsWith("#")) {
                        int cp = codePoint(name);
                        if (cp < 0) {
                            replacement = "&amp;";
                        } else if (!allowedCodePoint(cp)) {
                            replacement = cp >= 0x80 && cp <= 0x9F ? "&#" + windows1252(cp) + ";" : "";
                            charFixed = true;
                        }
                    } else if (!isXmlEntity(name)) {
                        String value = Entities.getByName(name); // HTML names are case-sensitive
                        if (value.isEmpty()) {
                            replacement = "&amp;";
                        } else {
                            StringBuilder refs = new StringBuilder();
                            value.codePoints().forEach(cp -> refs.append("&#").append(cp).append(';'));
                            replacement = refs.toString();
                            // consume the whole "&name;"
                            if (out == null) {
                                out = new StringBuilder(n + 16);
                            }
                            out.append(text, copied, i).append(replacement);
                            copied = semi + 1;
                            i = semi + 1;
                            entityFixed = true;
                            continue;
                        }
                    }
                }
                if (replacement != null) {
                    if (out == null) {
                        out = new StringBuilder(n + 16);
                    }
                    out.append(text, copied, i).append(replacement);
                    entityFixed = true;
                    if (replacement.equals("&amp;")) {
                        copied = i + 1; // keep what followed the bare '&'
                        i = i + 1;
                    } else {
                        copied = semi + 1;
                        i = semi + 1;
                    }
                    continue;
                }
                i = semi < 0 ? i + 1 : semi + 1;
            } else {
                if (!allowed(text, i)) {
                    if (out == null) {
                        out = new StringBuilder(n + 16);
                    }
                    out.append(text, copied, i);
                    copied = i + 1;
                    charFixed = true;
                } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(text.charAt(i + 1))) {
                    i++;
                }
                i++;
            }
        }
        if (entityFixed) {
            notes.add("repaired undeclared entities or bare '&'");
        }
        if (charFixed) {
            notes.add("removed characters not allowed in XML");
        }
        if (out == null) {
            return start == 0 ? text : text.substring(start);
        }
        out.append(text, copied, n);
        return out.toString();
    }

    /** True when the prolog (before the root element) holds a document type or entity declaration. */
    static boolean hasDoctype(String text) {
        int at = prologDeclaration(text);
        return at >= 0 && (text.regionMatches(true, at, "<!DOCTYPE", 0, 9) || text.regionMatches(true, at, "<!ENTITY", 0, 8));
    }

    /**
     * The text without its document type declaration when that declaration only names an external
     * DTD ({@code <!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91//EN" "http://...">}):
     * the DTD is skipped, never fetched. A declaration with an internal subset ({@code [...]}), where
     * entity declarations (XXE, billion laughs) live, is left in place for {@link #hasDoctype} to refuse.
     */
    static String withoutExternalDoctype(String text, List<String> notes) {
        int at = prologDeclaration(text);
        if (at < 0) {
            return text;
        }
        Matcher doctype = EXTERNAL_DOCTYPE.matcher(text).region(at, text.length());
        if (!doctype.lookingAt()) {
            return text;
        }
        notes.add("skipped the external DTD of the document type declaration, without fetching it");
        return text.substring(0, at) + text.substring(doctype.end());
    }

    /** Where the first {@code <!} declaration (not a comment) of the prolog starts, or -1 if the root element comes first. */
    private static int prologDeclaration(String text) {
        int i = 0;
        int n = text.length();
        while (i < n) {
            int lt = text.indexOf('<', i);
            if (lt < 0 || lt + 1 >= n) {
                return -1;
            }
            char next = text.charAt(lt + 1);
            if (next == '?') {
                int end = text.indexOf("?>", lt);
                if (end < 0) {
                    return -1;
                }
                i = end + 2;
            } else if (text.startsWith("<!--", lt)) {
                int end = text.indexOf("-->", lt);
                if (end < 0) {
                    return -1;
                }
                i = end + 3;
            } else if (next == '!') {
                return lt;
            } else {
                return -1;
            }
        }
        return -1;
    }

    private static int startOfMarkup(String text) {
        int decl = text.indexOf("<?xml");
        if (decl == 0) {
            return 0;
        }
        // Junk before the declaration (PHP warnings, blank lines): skip to the declaration, but
        // not to a "<?xml" that sits in a CDATA section or comment of the document itself.
        if (decl > 0 && decl < 4096 && text.startsWith("version", skipSpaces(text, decl + 5))
                && !inside(text, decl, "<![CDATA[", "]]>") && !inside(text, decl, "<!--", "-->")) {
            return decl;
        }
        int lt = text.indexOf('<');
        if (lt < 0) {
            return 0;
        }
        // Text before the first markup (a stray BOM or words) cannot be XML: skip it.
        return lt;
    }

    private static int skipSpaces(String text, int from) {
        int i = from;
        while (i < text.length() && Character.isWhitespace(text.charAt(i))) {
            i++;
        }
        return i;
    }

    private static boolean inside(String text, int at, String open, String close) {
        int opened = text.lastIndexOf(open, at);
        return opened >= 0 && text.lastIndexOf(close, at) < opened;
    }

    private static boolean isXmlEntity(String name) {
        return switch (name) {
            case "amp", "lt", "gt", "quot", "apos" -> true;
            default -> false;
        };
    }

    private static int codePoint(String ref) {
        try {
            if (ref.length() > 2 && (ref.charAt(1) == 'x' || ref.charAt(1) == 'X')) {
                return Integer.parseInt(ref.substring(2), 16);
            }
            return Integer.parseInt(ref.substring(1));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static int windows1252(int cp) {
        String s = new String(new byte[] {(byte) cp}, java.nio.charset.Charset.forName("windows-1252"));
        return s.charAt(0) == 0xFFFD ? 0xFFFD : s.charAt(0);
    }

    private static boolean allowedCodePoint(int cp) {
        return cp == 0x9 || cp == 0xA || cp == 0xD
                || (cp >= 0x20 && cp <= 0xD7FF && !(cp >= 0x80 && cp <= 0x9F))
                || (cp >= 0xE000 && cp <= 0xFFFD)
                || (cp >= 0x10000 && cp <= 0x10FFFF);
    }

    private static boolean allowed(String text, int i) {
        char c = text.charAt(i);
        if (c >= 0x20 && c < 0xD800) {
            return true;
        }
        if (c == 0x9 || c == 0xA || c == 0xD) {
            return true;
        }
        if (c < 0x20) {
            return false;
        }
        if (Character.isHighSurrogate(c)) {
            return i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1));
        }
        if (Character.isLowSurrogate(c)) {
            return i > 0 && Character.isHighSurrogate(text.charAt(i - 1));
        }
        return c != 0xFFFE && c != 0xFFFF;
    }
}
