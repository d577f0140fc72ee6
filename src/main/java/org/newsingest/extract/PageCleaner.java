package org.newsingest.extract;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.jsoup.nodes.Element;

/**
 * Removes what is not article text, in two passes. Before scoring, {@link #stripFurniture} takes
 * out what is never the article on any page: scripts and embeds, navigation, hidden and
 * screen-reader-only text, boxes named like page furniture. After the article's container is
 * chosen, {@link #cleanArticle} removes the boxes inside it that read like boilerplate by their
 * shape (Readability's "clean conditionally"): link lists, image galleries, forms, short boxes
 * with a boilerplate name, headings named like widgets.
 */
final class PageCleaner {

    private static final Set<String> NEVER_TEXT = Set.of("script", "style", "noscript", "template", "iframe", "svg", "canvas",
            "object", "embed", "button", "input", "select", "textarea", "nav", "aside", "footer", "link", "meta", "dialog",
            "menu", "label", "video", "audio", "picture", "source", "math");
    private static final Set<String> CONDITIONAL = Set.of("table", "ul", "ol", "div", "section", "form", "fieldset", "dl", "figure");
    private static final Set<String> HEADINGS = Set.of("h1", "h2", "h3", "h4", "h5", "h6");

    /** Class/id words of picture captions and credits, which the article's text does not include. */
    private static final Pattern CAPTION = Pattern.compile("caption|credit|photo-?text|image-?text|img-?text",
            Pattern.CASE_INSENSITIVE);

    private static final int LINK_LINE = 150;

    private PageCleaner() {}

    /** The first pass, on the whole body; {@code unlikely}: also drop boxes named like furniture. */
    static void stripFurniture(Element body, boolean unlikely) {
        List<Element> doomed = new ArrayList<>();
        for (Element element : body.getAllElements()) {
            if (element == body) {
                continue;
            }
            String tag = element.normalName();
            if (NEVER_TEXT.contains(tag) || tag.equals("h1") || NodeSignals.isHidden(element) || NodeSignals.isFurnitureRole(element)
                    || tag.equals("header") && element.getElementsByTag("p").size() < 2
                    || unlikely && NodeSignals.isUnlikelyCandidate(element)) {
                doomed.add(element);
            }
        }
        doomed.forEach(Element::remove);
    }

    /** The second pass, inside the chosen container. */
    static void cleanArticle(Element root, boolean weighClasses) {
        TextStats stats = new TextStats(root);
        for (Element element : root.getAllElements()) {
            if (element != root && element.parent() != null && (isCaption(element, stats) || isWidgetHeading(element, weighClasses))) {
                stats.remove(element);
            }
        }
        for (Element line : root.select("p, h2, h3, h4, h5, h6")) {
            if (line.parent() != null && isLinkLine(line, stats)) {
                stats.remove(line);
            }
        }
        List<Element> boxes = new ArrayList<>();
        for (Element element : root.getAllElements()) {
            if (element != root && CONDITIONAL.contains(element.normalName())) {
                boxes.add(element);
            }
        }
        // innermost first, so a box is judged on what remains inside it
        for (int i = boxes.size() - 1; i >= 0; i--) {
            Element box = boxes.get(i);
            if (box.parent() != null && isBoilerplateBox(box, weighClasses, stats)) {
                stats.remove(box);
            }
        }
    }

    private static boolean isCaption(Element element, TextStats stats) {
        return element.normalName().equals("figcaption") || element.attr("itemprop").equalsIgnoreCase("caption")
                || CAPTION.matcher(NodeSignals.classAndId(element)).find() && stats.textLength(element) < 500;
    }

    private static boolean isWidgetHeading(Element element, boolean weighClasses) {
        return weighClasses && HEADINGS.contains(element.normalName()) && NodeSignals.classWeight(element) < 0;
    }

    /** A short line that is all link: a headline pointing at another story. */
    private static boolean isLinkLine(Element line, TextStats stats) {
        int length = stats.textLength(line);
        return length > 0 && length < LINK_LINE && stats.linkDensity(line) >= 0.8;
    }

    private static boolean isBoilerplateBox(Element box, boolean weighClasses, TextStats stats) {
        int weight = weighClasses ? NodeSignals.classWeight(box) : 0;
        int length = stats.textLength(box);
        if (weight < 0 && length < 1000) {
            return true;
        }
        if (stats.commas(box) >= 10) {
            return false;
        }
        boolean list = box.normalName().equals("ul") || box.normalName().equals("ol");
        int paragraphs = stats.paragraphs(box);
        int images = stats.images(box);
        int items = stats.listItems(box) - 100;
        int inputs = stats.inputs(box);
        int headings = stats.headings(box);
        double links = stats.linkDensity(box);
        boolean inFigure = NodeSignals.hasAncestor(box, "figure", 0);
        return images > 1 && (double) paragraphs / images < 0.5 && !inFigure
                || !list && items > paragraphs
                || inputs > paragraphs / 3
                || !list && length < 25 && (images == 0 || images > 2) && !inFigure && headings == 0
                || !list && weight < 25 && links > 0.2
                || weight >= 25 && links > 0.5
                || list && links > 0.5
                || box.normalName().equals("figure") && paragraphs == 0;
    }
}
