package org.newsingest.extract;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.select.NodeTraversor;

/**
 * The article body of a page: cleaning, candidate scoring, cleaning inside the winner, then text.
 * When the strict pass finds little text (under {@value #ENOUGH} characters), it runs again on a
 * fresh copy without dropping boxes by name and without class weights, as Readability does: some
 * sites name their article container with a word that elsewhere means boilerplate.
 */
final class BodyFinder {

    static final int ENOUGH = 500;

    /**
     * Deeper than any real article's markup. Elements nested below it, paragraphs aside, are
     * unwrapped (their text kept) before scoring: each step that looks at ancestors then costs a bounded amount, where a
     * page of 20,000 nested tags would otherwise cost minutes.
     */
    static final int MAX_DEPTH = 200;
    /** Paragraph-like elements keep their tag when deep, so the text keeps its paragraphs. */
    private static final Set<String> KEPT_WHEN_DEEP = Set.of("p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "br", "pre", "td", "th", "tr");

    private BodyFinder() {}

    static List<String> paragraphs(Document page) {
        List<String> best = List.of();
        int bestLength = -1;
        for (boolean strict : new boolean[] {true, false}) {
            Element body = page.body().clone();
            flattenBelow(body, MAX_DEPTH);
            PageCleaner.stripFurniture(body, strict);
            Element root = CandidateScoring.articleRoot(body, strict);
            PageCleaner.cleanArticle(root, strict);
            List<String> paragraphs = BodyText.paragraphs(root).stream().filter(p -> !BoilerplateLines.isBoilerplate(p)).toList();
            int length = paragraphs.stream().mapToInt(String::length).sum();
            if (length >= ENOUGH) {
                return paragraphs;
            }
            if (length > bestLength) {
                best = paragraphs;
                bestLength = length;
            }
        }
        return best;
    }

    private static void flattenBelow(Element body, int maxDepth) {
        List<Element> tooDeep = new ArrayList<>();
        NodeTraversor.traverse((node, depth) -> {
            if (depth > maxDepth && node instanceof Element element && !KEPT_WHEN_DEEP.contains(element.normalName())) {
                tooDeep.add(element);
            }
        }, body);
        tooDeep.forEach(Element::unwrap);
    }
}
