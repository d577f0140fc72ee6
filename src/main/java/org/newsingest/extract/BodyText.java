package org.newsingest.extract;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;
import org.jsoup.select.NodeTraversor;
import org.jsoup.select.NodeVisitor;

/**
 * The article container as plain text: one paragraph per block element, paragraphs separated by
 * a blank line, runs of whitespace as one space, a {@code <br>} as a line break.
 */
final class BodyText {

    private static final Set<String> BLOCKS = Set.of("p", "div", "li", "h2", "h3", "h4", "h5", "h6", "h1", "blockquote", "tr",
            "ul", "ol", "dl", "dd", "dt", "table", "pre", "section", "article", "figure", "header", "footer", "main", "address",
            "hr");
    private static final Pattern SPACES = Pattern.compile("[\\s\\u00A0\\u2007\\u202F\\u200B]+");

    private BodyText() {}

    /** The paragraphs of {@code root}, in order, none empty. */
    static List<String> paragraphs(Element root) {
        List<String> paragraphs = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        NodeTraversor.traverse(new NodeVisitor() {
            @Override
            public void head(Node node, int depth) {
                if (node instanceof TextNode text) {
                    current.append(text.getWholeText());
                } else if (node instanceof Element element) {
                    if (element.normalName().equals("br")) {
                        flush(current, paragraphs);
                    } else if (BLOCKS.contains(element.normalName())) {
                        flush(current, paragraphs);
                    }
                }
            }

            @Override
            public void tail(Node node, int depth) {
                if (node instanceof Element element && BLOCKS.contains(element.normalName())) {
                    flush(current, paragraphs);
                }
            }
        }, root);
        flush(current, paragraphs);
        return paragraphs;
    }

    static String join(List<String> paragraphs) {
        return String.join("\n\n", paragraphs);
    }

    private static void flush(StringBuilder current, List<String> paragraphs) {
        String paragraph = SPACES.matcher(current).replaceAll(" ").strip();
        if (!paragraph.isEmpty()) {
            paragraphs.add(paragraph);
        }
        current.setLength(0);
    }
}
