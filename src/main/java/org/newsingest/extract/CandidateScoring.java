package org.newsingest.extract;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;

/**
 * Finds the element that holds the article, as Readability.js does: every paragraph-like element
 * with some text gives its parent a score for its length and commas, and its grandparents a
 * share of it; each candidate's score is weighted by its class/id and reduced by its link
 * density; the best candidate wins, and siblings that look like more of the same article join it.
 *
 * <p>Works on a document that {@link PageCleaner#stripFurniture} already cleaned. Mutates it
 * (loose inline text in mixed {@code div}s is wrapped in paragraphs so it can be scored).
 */
final class CandidateScoring {

    private static final Set<String> SCORED = Set.of("section", "h2", "h3", "h4", "h5", "h6", "p", "td", "pre", "blockquote");
    private static final Set<String> BLOCKS = Set.of("a", "blockquote", "dl", "div", "img", "ol", "p", "pre", "table", "ul",
            "section", "article", "aside", "figure", "header", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "form", "main");
    private static final String BLOCK_QUERY = String.join(", ", BLOCKS);
    private static final int MIN_PARAGRAPH = 25;
    private static final int TOP_CANDIDATES = 5;

    private final Map<Element, Double> scores = new IdentityHashMap<>();
    private final boolean weighClasses;
    private TextStats stats;

    private CandidateScoring(boolean weighClasses) {
        this.weighClasses = weighClasses;
    }

    /** The article's container: the best candidate with the siblings that belong to it. */
    static Element articleRoot(Element body, boolean weighClasses) {
        return new CandidateScoring(weighClasses).find(body);
    }

    private Element find(Element body) {
        List<Element> paragraphs = paragraphs(body);
        stats = new TextStats(body);
        for (Element paragraph : paragraphs) {
            score(paragraph);
        }
        List<Element> top = topCandidates();
        if (top.isEmpty()) {
            return body;
        }
        Element best = climb(top);
        return withSiblings(best);
    }

    /** Paragraph-like elements, after turning text-only divs into paragraphs. */
    private List<Element> paragraphs(Element body) {
        List<Element> found = new ArrayList<>();
        for (Element element : body.getAllElements()) {
            String tag = element.normalName();
            if (SCORED.contains(tag)) {
                found.add(element);
            } else if (tag.equals("div")) {
                if (!hasBlockChild(element)) {
                    element.tagName("p"); // a div holding only text is a paragraph, as Readability reads it
                    found.add(element);
                } else {
                    wrapLooseText(element);
                }
            }
        }
        // wrapped runs are new <p>s: pick them up too
        for (Element p : body.getElementsByTag("p")) {
            if (p.hasAttr("data-wrapped")) {
                found.add(p);
            }
        }
        return found;
    }

    /** Any block element below {@code element} (iterative: pages nest inline tags thousands deep). */
    private static boolean hasBlockChild(Element element) {
        for (Element child : element.children()) {
            if (BLOCKS.contains(child.normalName()) || child.selectFirst(BLOCK_QUERY) != null) {
                return true;
            }
        }
        return false;
    }

    /** Loose text beside blocks in a div: wrap each run of inline nodes in a {@code <p>}. */
    private static void wrapLooseText(Element div) {
        List<Node> run = new ArrayList<>();
        for (Node child : new ArrayList<>(div.childNodes())) {
            boolean inline = child instanceof TextNode || child instanceof Element e && !BLOCKS.contains(e.normalName())
                    && !hasBlockChild(e);
            if (inline) {
                run.add(child);
            } else {
                wrap(run);
            }
        }
        wrap(run);
    }

    private static void wrap(List<Node> run) {
        StringBuilder text = new StringBuilder();
        for (Node node : run) {
            text.append(node instanceof TextNode t ? t.text() : ((Element) node).text());
        }
        if (text.toString().strip().length() >= MIN_PARAGRAPH) {
            Element p = new Element("p").attr("data-wrapped", "");
            run.get(0).before(p);
            for (Node node : run) {
                p.appendChild(node);
            }
        }
        run.clear();
    }

    private void score(Element paragraph) {
        Element parent = paragraph.parent();
        if (parent == null) {
            return;
        }
        String text = paragraph.text();
        if (text.length() < MIN_PARAGRAPH) {
            return;
        }
        double contentScore = 1 + NodeSignals.commas(text) + Math.min(text.length() / 100, 3);
        Element ancestor = parent;
        for (int level = 0; ancestor != null && level < 5 && !ancestor.normalName().equals("html"); level++) {
            scores.computeIfAbsent(ancestor, this::initialScore);
            double divider = level == 0 ? 1 : level == 1 ? 2 : level * 3;
            scores.merge(ancestor, contentScore / divider, Double::sum);
            ancestor = ancestor.parent();
        }
    }

    private double initialScore(Element element) {
        double score = switch (element.normalName()) {
            case "div", "article", "main" -> 5;
            case "pre", "td", "blockquote" -> 3;
            case "address", "ol", "ul", "dl", "dd", "dt", "li", "form" -> -3;
            case "h1", "h2", "h3", "h4", "h5", "h6", "th" -> -5;
            default -> 0;
        };
        return score + (weighClasses ? NodeSignals.classWeight(element) : 0);
    }

    private List<Element> topCandidates() {
        List<Element> candidates = new ArrayList<>(scores.keySet());
        for (Element candidate : candidates) {
            scores.put(candidate, scores.get(candidate) * (1 - stats.linkDensity(candidate)));
        }
        candidates.sort((a, b) -> Double.compare(scores.get(b), scores.get(a)));
        return candidates.subList(0, Math.min(TOP_CANDIDATES, candidates.size()));
    }

    /**
     * Readability's two corrections to the winner: when several strong candidates share an ancestor,
     * that ancestor is the article (the text is split in columns); and a parent scoring nearly as
     * well as its only-child winner holds more of the article.
     */
    private Element climb(List<Element> top) {
        Element best = top.get(0);
        double bestScore = scores.get(best);
        List<Element> alternatives = new ArrayList<>();
        for (Element other : top.subList(1, top.size())) {
            if (scores.get(other) / bestScore >= 0.75) {
                alternatives.add(other);
            }
        }
        if (alternatives.size() >= 3) {
            Map<Element, Integer> containing = new IdentityHashMap<>();
            for (Element alternative : alternatives) {
                for (Element ancestor = alternative.parent(); ancestor != null; ancestor = ancestor.parent()) {
                    containing.merge(ancestor, 1, Integer::sum);
                }
            }
            for (Element parent = best.parent(); parent != null && !parent.normalName().equals("body"); parent = parent.parent()) {
                if (containing.getOrDefault(parent, 0) >= 3) {
                    best = parent;
                    break;
                }
            }
        }
        double lastScore = scores.getOrDefault(best, 0.0);
        double threshold = lastScore / 3;
        for (Element parent = best.parent(); parent != null && !parent.normalName().equals("body"); parent = parent.parent()) {
            Double parentScore = scores.get(parent);
            if (parentScore == null) {
                continue;
            }
            if (parentScore < threshold) {
                break;
            }
            if (parentScore > lastScore) {
                best = parent;
                break;
            }
            lastScore = parentScore;
        }
        while (best.parent() != null && !best.parent().normalName().equals("body") && best.parent().children().size() == 1) {
            best = best.parent();
        }
        return best;
    }

    /** The winner plus siblings that score well or read as article paragraphs. */
    private Element withSiblings(Element best) {
        Element parent = best.parent();
        if (parent == null || best.normalName().equals("body")) {
            return best;
        }
        double bestScore = scores.getOrDefault(best, 0.0);
        double threshold = Math.max(10, bestScore * 0.2);
        Element root = new Element("div");
        for (Element sibling : new ArrayList<>(parent.children())) {
            if (sibling == best || joins(sibling, best, threshold)) {
                root.appendChild(sibling.clone());
            }
        }
        return root;
    }

    private boolean joins(Element sibling, Element best, double threshold) {
        double bonus = !best.className().isEmpty() && sibling.className().equals(best.className()) ? scores.getOrDefault(best, 0.0) * 0.2 : 0;
        Double score = scores.get(sibling);
        if (score != null && score + bonus >= threshold) {
            return true;
        }
        if (!sibling.normalName().equals("p")) {
            return false;
        }
        String text = sibling.text();
        double links = stats.linkDensity(sibling);
        return text.length() > 80 && links < 0.25
                || !text.isEmpty() && text.length() <= 80 && links == 0 && text.matches("(?s).*\\.( |$).*");
    }
}
