package org.newsingest.parse;

import static org.newsingest.parse.XmlTree.attr;
import static org.newsingest.parse.XmlTree.isAtomModule;
import static org.newsingest.parse.XmlTree.module;
import static org.newsingest.parse.XmlTree.nonBlank;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jdom2.Element;

/**
 * An entry's enclosures: {@code <enclosure url>} elements (RSS) and {@code rel="enclosure"}
 * links in document order, then {@code media:content}, on the entry or in its {@code media:group}.
 * URLs are resolved against the base in scope.
 */
final class Enclosures {

    private Enclosures() {}

    static List<ParsedItem.Enclosure> of(Element entry, XmlFeedMapper format) {
        List<ParsedItem.Enclosure> out = new ArrayList<>();
        List<ParsedItem.Enclosure> media = new ArrayList<>();
        for (Element e : entry.getChildren()) {
            String module = module(e);
            String local = e.getName();
            if (format.readsEnclosureElements() && format.isCore(module) && local.equalsIgnoreCase("enclosure")) {
                attr(e, "url").ifPresent(url -> out.add(enclosure(format, e, url, attr(e, "type"), "length", ParsedItem.Source.ENCLOSURE)));
            } else if (local.equalsIgnoreCase("link") && (format.isCore(module) || isAtomModule(module))
                    && "enclosure".equals(e.getAttributeValue("rel"))) {
                attr(e, "href").or(() -> nonBlank(e.getTextNormalize()))
                        .ifPresent(url -> out.add(enclosure(format, e, url, attr(e, "type"), "length", ParsedItem.Source.ENCLOSURE)));
            } else if (module.equals("media") && local.equals("content")) {
                mediaContent(format, e, media);
            } else if (module.equals("media") && local.equals("group")) {
                for (Element g : e.getChildren()) {
                    if (module(g).equals("media") && g.getName().equals("content")) {
                        mediaContent(format, g, media);
                    }
                }
            }
        }
        out.addAll(media);
        return List.copyOf(out);
    }

    private static void mediaContent(XmlFeedMapper format, Element e, List<ParsedItem.Enclosure> out) {
        attr(e, "url").ifPresent(url -> out.add(enclosure(format, e, url, attr(e, "type").or(() -> attr(e, "medium")), "fileSize",
                ParsedItem.Source.MEDIA_CONTENT)));
    }

    private static ParsedItem.Enclosure enclosure(XmlFeedMapper format, Element e, String url, Optional<String> type, String lengthAttribute,
                                           ParsedItem.Source source) {
        return new ParsedItem.Enclosure(format.resolve(e, url), type, attr(e, lengthAttribute).flatMap(XmlTree::integer), source);
    }
}
