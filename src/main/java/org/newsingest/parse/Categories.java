package org.newsingest.parse;

import static org.newsingest.parse.XmlTree.attr;
import static org.newsingest.parse.XmlTree.module;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import org.jdom2.Element;

/**
 * An entry's categories, in document order and each once: the format's own {@code <category>}
 * (a {@code term} in Atom, the text in RSS), Atom categories inside RSS, {@code dc:subject},
 * iTunes categories (nested ones too) and keywords, Media RSS keywords and categories.
 */
final class Categories {

    private Categories() {}

    static List<String> of(Element entry, XmlFeedMapper format) {
        LinkedHashSet<String> out = new LinkedHashSet<>();
        for (Element e : entry.getChildren()) {
            String module = module(e);
            String local = e.getName();
            if (format.isCore(module) && local.equalsIgnoreCase("category")) {
                if (format.categoryIsTerm(e)) {
                    attr(e, "term").or(() -> attr(e, "label")).ifPresent(out::add);
                } else {
                    add(out, e.getTextNormalize());
                }
            } else if (module.equals("atom") && local.equals("category")) {
                attr(e, "term").or(() -> attr(e, "label")).ifPresent(out::add);
            } else if (module.equals("dc") && local.equals("subject")) {
                add(out, e.getTextNormalize());
            } else if (module.equals("itunes") && local.equals("category")) {
                itunesCategories(e, out);
            } else if (module.equals("itunes") && local.equals("keywords")) {
                keywords(e, out);
            } else if (module.equals("media")) {
                mediaCategories(e, out);
            }
        }
        return List.copyOf(out);
    }

    /** {@code media:keywords} and {@code media:category}, on the entry or inside its {@code media:group}. */
    private static void mediaCategories(Element e, LinkedHashSet<String> out) {
        switch (e.getName()) {
            case "keywords" -> keywords(e, out);
            case "category" -> add(out, e.getTextNormalize());
            case "group" -> e.getChildren().stream().filter(g -> module(g).equals("media") && !g.getName().equals("group"))
                    .forEach(g -> mediaCategories(g, out));
            default -> { }
        }
    }

    private static void keywords(Element e, LinkedHashSet<String> out) {
        for (String keyword : e.getText().split(",")) {
            add(out, keyword);
        }
    }

    private static void itunesCategories(Element e, LinkedHashSet<String> out) {
        Optional.ofNullable(e.getAttributeValue("text")).ifPresent(t -> add(out, t));
        for (Element sub : e.getChildren()) {
            if (sub.getName().equals("category")) {
                itunesCategories(sub, out);
            }
        }
    }

    private static void add(LinkedHashSet<String> out, String value) {
        String v = value == null ? "" : value.strip();
        if (!v.isEmpty()) {
            out.add(v);
        }
    }
}
