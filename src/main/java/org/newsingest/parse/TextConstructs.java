package org.newsingest.parse;

import static org.newsingest.parse.XmlTree.nonBlank;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.jdom2.Element;
import org.jdom2.output.Format;
import org.jdom2.output.XMLOutputter;

/**
 * Element content as HTML, the one form every text field of {@link ParsedItem} takes: Atom text
 * constructs ({@code type}, Atom 0.3 {@code mode}), RSS elements that may carry HTML, and Media
 * RSS text. Plain text is HTML-escaped; markup written inline is serialized as written.
 */
final class TextConstructs {

    private static final XMLOutputter INNER = new XMLOutputter(Format.getRawFormat().setOmitDeclaration(true)
            .setExpandEmptyElements(false));

    private TextConstructs() {}

    /** An Atom text construct (title, summary, content) as HTML. */
    static Optional<String> construct(Element e) {
        if (e == null) {
            return Optional.empty();
        }
        String type = lowerAttribute(e, "type").orElse("text");
        String mode = lowerAttribute(e, "mode").orElse("");
        boolean binaryType = type.contains("/") && !type.startsWith("text/") && !type.endsWith("xml");
        String value;
        if (mode.equals("base64") || binaryType) {
            value = base64(e, type, mode);
        } else if (mode.equals("xml") || type.equals("xhtml") || type.endsWith("+xml") || type.endsWith("/xml")) {
            value = inner(unwrapDiv(e)).orElse("");
        } else if (mode.equals("escaped") || type.equals("html") || type.equals("text/html")) {
            value = e.getChildren().isEmpty() ? e.getText() : inner(e).orElse("");
        } else if (e.getChildren().isEmpty()) {
            value = escape(e.getText());
        } else {
            value = inner(e).orElse("");
        }
        return nonBlank(value);
    }

    /** Decoded base64 is read as HTML, as feedparser does: text/plain payloads are escaped. */
    private static String base64(Element e, String type, String mode) {
        String value;
        try {
            value = new String(Base64.getMimeDecoder().decode(e.getText().strip()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException ex) {
            value = e.getText();
        }
        if ((type.equals("text") || type.equals("text/plain")) && !mode.equals("base64")) {
            return escape(value);
        }
        return value;
    }

    private static Optional<String> lowerAttribute(Element e, String name) {
        return Optional.ofNullable(e.getAttributeValue(name)).map(t -> t.strip().toLowerCase(Locale.ROOT));
    }

    /** XHTML content wrapped in the one {@code <div>} the Atom spec asks for, without that div. */
    private static Element unwrapDiv(Element e) {
        List<Element> children = e.getChildren();
        if (children.size() == 1 && children.get(0).getName().equalsIgnoreCase("div")) {
            boolean onlyWhitespaceAround = e.getContent().stream()
                    .allMatch(c -> c == children.get(0) || c.getValue().isBlank());
            if (onlyWhitespaceAround) {
                return children.get(0);
            }
        }
        return e;
    }

    /** An RSS element that may carry HTML: escaped text, CDATA, or (in broken feeds) raw markup. */
    static Optional<String> html(Element e) {
        if (e == null) {
            return Optional.empty();
        }
        return nonBlank(e.getChildren().isEmpty() ? e.getText() : inner(e).orElse(""));
    }

    /** Media RSS text: {@code type="plain"} (the default) or {@code type="html"}. */
    static Optional<String> mediaText(Element t) {
        if (t == null) {
            return Optional.empty();
        }
        return "html".equalsIgnoreCase(t.getAttributeValue("type")) ? html(t) : nonBlank(escape(t.getText().strip()));
    }

    /** The element's content serialized as written. */
    static Optional<String> inner(Element e) {
        if (e == null) {
            return Optional.empty();
        }
        return Optional.of(INNER.outputString(e.getContent()));
    }

    static String escape(String text) {
        StringBuilder out = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            String r = switch (c) {
                case '&' -> "&amp;";
                case '<' -> "&lt;";
                case '>' -> "&gt;";
                default -> null;
            };
            if (r != null) {
                if (out == null) {
                    out = new StringBuilder(text.length() + 16).append(text, 0, i);
                }
                out.append(r);
            } else if (out != null) {
                out.append(c);
            }
        }
        return out == null ? text : out.toString();
    }
}
