package org.newsingest.extract;

import java.util.List;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

/**
 * The article body of a page: cleaning, candidate scoring, cleaning inside the winner, then text.
 * When the strict pass finds little text (under {@value #ENOUGH} characters), it runs again on a
 * fresh copy without dropping boxes by name and without class weights, as Readability does: some
 * sites name their article container with a word that elsewhere means boilerplate.
 */
final class BodyFinder {

    static final int ENOUGH = 500;

    private BodyFinder() {}

    static List<String> paragraphs(Document page) {
        List<String> best = List.of();
        int bestLength = -1;
        for (boolean strict : new boolean[] {true, false}) {
            Element body = page.body().clone();
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
}
