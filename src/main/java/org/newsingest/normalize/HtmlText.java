package org.newsingest.normalize;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;

/**
 * HTML fragments to readable plain text. The output is text, not markup: scripts, styles and
 * every tag are gone, entities decoded, so nothing active (no {@code javascript:} or
 * {@code data:} URL, no event handler) survives into stored items or events.
 */
public final class HtmlText {

    private HtmlText() {}

    /** The text a reader sees: tags dropped, entities decoded, block elements as line breaks. */
    public static String toText(String html) {
        if (html.indexOf('<') < 0 && html.indexOf('&') < 0) {
            return whitespace(html); // plain already: skip the HTML parser
        }
        Document document = Jsoup.parseBodyFragment(html);
        document.outputSettings().prettyPrint(false);
        document.select("script, style, noscript, template, iframe, object, embed, applet").remove();
        document.select("br").after("\n");
        document.select("p, div, li, h1, h2, h3, h4, h5, h6, blockquote, tr").after("\n\n");
        return whitespace(document.body().wholeText());
    }

    private static String whitespace(String text) {
        return text.replaceAll("[ \\t\\x0B\\f\\r\\u00A0]+", " ")
                .replaceAll(" *\\n *", "\n")
                .replaceAll("\\n{3,}", "\n\n")
                .strip();
    }
}
