package org.newsingest.extract;

import java.util.IdentityHashMap;
import java.util.Map;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;
import org.jsoup.select.NodeTraversor;
import org.jsoup.select.NodeVisitor;

/**
 * Text and element counts of every element under a root, computed in one pass and kept true as
 * elements are removed. Scoring and cleaning ask each element for its text length, link text and
 * children by kind; asking the tree each time costs the size of the subtree per question, which
 * on a page nested thousands deep adds up to minutes.
 */
final class TextStats {

    /** Per element, itself included: text length, link text length (in-page links weigh 0.3), commas, p, img, li, input, headings. */
    private static final int TEXT = 0;
    private static final int LINK = 1;
    private static final int COMMAS = 2;
    private static final int P = 3;
    private static final int IMG = 4;
    private static final int LI = 5;
    private static final int INPUT = 6;
    private static final int HEADINGS = 7;

    private final Map<Element, double[]> counts = new IdentityHashMap<>();

    TextStats(Element root) {
        NodeTraversor.traverse(new NodeVisitor() {
            private int linkDepth = -1;
            private double linkWeight;

            @Override
            public void head(Node node, int depth) {
                if (node instanceof Element element) {
                    counts.put(element, new double[8]);
                    if (linkDepth < 0 && element.normalName().equals("a")) {
                        String href = element.attr("href");
                        linkDepth = depth;
                        linkWeight = href.startsWith("#") && href.length() > 1 ? 0.3 : 1;
                    }
                } else if (node instanceof TextNode text && text.parent() != null) {
                    Element parent = (Element) text.parent();
                    String value = text.text();
                    if (!value.isBlank()) {
                        double[] own = counts.get(parent);
                        own[TEXT] += value.length();
                        own[COMMAS] += NodeSignals.commas(value);
                        own[LINK] += (linkDepth >= 0 ? linkWeight : 0) * value.strip().length();
                    }
                }
            }

            @Override
            public void tail(Node node, int depth) {
                if (node instanceof Element && depth == linkDepth) {
                    linkDepth = -1;
                }
                if (node instanceof Element element && element != root) {
                    double[] own = counts.get(element);
                    switch (element.normalName()) {
                        case "p" -> own[P]++;
                        case "img" -> own[IMG]++;
                        case "li" -> own[LI]++;
                        case "input" -> own[INPUT]++;
                        case "h1", "h2", "h3", "h4", "h5", "h6" -> own[HEADINGS]++;
                        default -> { }
                    }
                    double[] parent = counts.get(element.parent());
                    for (int i = 0; i < own.length; i++) {
                        parent[i] += own[i];
                    }
                }
            }
        }, root);
    }

    int textLength(Element element) {
        return (int) get(element)[TEXT];
    }

    double linkDensity(Element element) {
        double[] own = get(element);
        return own[TEXT] == 0 ? 0 : own[LINK] / own[TEXT];
    }

    int commas(Element element) {
        return (int) get(element)[COMMAS];
    }

    int paragraphs(Element element) {
        return (int) get(element)[P];
    }

    int images(Element element) {
        return (int) get(element)[IMG];
    }

    int listItems(Element element) {
        return (int) get(element)[LI];
    }

    int inputs(Element element) {
        return (int) get(element)[INPUT];
    }

    int headings(Element element) {
        return (int) get(element)[HEADINGS];
    }

    /** Removes the element from the tree and its counts from every ancestor's. */
    void remove(Element element) {
        double[] gone = get(element);
        for (Element parent = element.parent(); parent != null && counts.containsKey(parent); parent = parent.parent()) {
            double[] up = counts.get(parent);
            for (int i = 0; i < up.length; i++) {
                up[i] -= gone[i];
            }
        }
        element.remove();
    }

    private double[] get(Element element) {
        return counts.computeIfAbsent(element, e -> new double[8]);
    }

}
