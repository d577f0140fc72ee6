package org.newsingest.normalize;

import org.jsoup.Jsoup;
import java.util.Set;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;
import org.jsoup.select.NodeTraversor;
import org.jsoup.select.NodeVisitor;

/**
 * HTML fragments to readable plain text. The output is text, not markup: scripts, styles and
 * every tag are gone, entities decoded, so nothing active (no {@code javascript:} or
 * {@code data:} URL, no event handler) survives into stored items or events.
 */
public final class HtmlText {

    private HtmlText() {}

    private static final Set<String> SKIPPED = Set.of("script", "style", "noscript", "template", "iframe", "object", "embed", "applet", "head", "title");
    private static final Set<String> BLOCKS = Set.of("p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "tr",
            "ul", "ol", "table", "pre", "section", "article", "figure", "figcaption", "header", "footer", "dd", "dt");

    /** The text a reader sees: tags dropped, entities decoded, block elements as line breaks. */
    public static String toText(String html) {
        if (html.indexOf('<') < 0 && html.indexOf('&') < 0) {
            return whitespace(html); // plain already: skip the HTML parser
        }
        Document document = Jsoup.parseBodyFragment(html);
        StringBuilder text = new StringBuilder(html.length());
        // One pass over the tree: text nodes in order, nothing from scripts, styles or embeds.
        NodeTraversor.traverse(new NodeVisitor() {
            private int skipping = -1;

            @Override
            public void head(Node node, int depth) {
                if (skipping >= 0) {
                    return;
                }
                if (node instanceof TextNode t) {
                    text.append(t.getWholeText());
                } else if (node instanceof Element e) {
                    String name = e.normalName();
                    if (SKIPPED.contains(name)) {
                        skipping = depth;
                    } else if (name.equals("br")) {
                        text.append('\n');
                    }
                }
            }

            @Override
            public void tail(Node node, int depth) {
                if (skipping >= 0) {
                    if (skipping == depth) {
                        skipping = -1;
                    }
                    return;
                }
                if (node instanceof Element e && BLOCKS.contains(e.normalName())) {
                    text.append("\n\n");
                }
            }
        }, document.body());
        return whitespace(text.toString());
    }

    /**
     * Runs of spaces, tabs, form feeds, carriage returns and no-break spaces as one space; no
     * space at either side of a line break; at most one empty line in a row; nothing around the
     * text. One pass: every item's title, summary and content goes through here.
     */
    private static String whitespace(String text) {
        StringBuilder out = new StringBuilder(text.length());
        boolean space = false;
        int newlines = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\n') {
                newlines++;
                space = false;
            } else if (c == ' ' || c == '\t' || c == 0x0B || c == '\f' || c == '\r' || c == '\u00A0') {
                space = newlines == 0;
            } else {
                if (newlines > 0) {
                    out.append(newlines == 1 ? "\n" : "\n\n");
                } else if (space) {
                    out.append(' ');
                }
                newlines = 0;
                space = false;
                out.append(c);
            }
        }
        return out.toString().strip();
    }
}
