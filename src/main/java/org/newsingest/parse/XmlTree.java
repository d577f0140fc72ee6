package org.newsingest.parse;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.jdom2.Attribute;
import org.jdom2.Element;
import org.jdom2.Namespace;

/**
 * JDOM queries the feed mappers share. Element names match case-insensitively (feeds write
 * {@code pubdate}, {@code PubDate}); modules are the keys of {@link Namespaces#module}. Which
 * elements count as a format's own ("core") vocabulary is the mapper's call, so the core queries
 * live on {@link XmlFeedMapper}.
 */
final class XmlTree {

    private XmlTree() {}

    static String module(Element e) {
        return Namespaces.module(e.getNamespaceURI());
    }

    static boolean isAtomModule(String module) {
        return module.equals("atom") || module.equals("atom03");
    }

    static Element moduleChild(Element parent, String module, String name) {
        for (Element e : parent.getChildren()) {
            if (e.getName().equalsIgnoreCase(name) && module(e).equals(module)) {
                return e;
            }
        }
        return null;
    }

    static List<Element> moduleChildren(Element parent, String module, String name) {
        List<Element> out = new ArrayList<>(1);
        for (Element e : parent.getChildren()) {
            if (e.getName().equalsIgnoreCase(name) && module(e).equals(module)) {
                out.add(e);
            }
        }
        return out;
    }

    static Optional<String> moduleText(Element parent, String module, String name) {
        return text(moduleChild(parent, module, name));
    }

    /** A child's text in any namespace (Atom person constructs inside RSS, ...). */
    static Optional<String> anyText(Element parent, String name) {
        for (Element e : parent.getChildren()) {
            if (e.getName().equalsIgnoreCase(name)) {
                return nonBlank(e.getTextNormalize());
            }
        }
        return Optional.empty();
    }

    /** The element's whitespace-normalized text; empty for no element or blank text. */
    static Optional<String> text(Element e) {
        return e == null ? Optional.empty() : nonBlank(e.getTextNormalize());
    }

    /** An attribute by its exact name, else in any letter case, stripped. */
    static Optional<String> attr(Element e, String name) {
        String v = e.getAttributeValue(name);
        if (v == null) {
            v = attrIgnoreCase(e, name);
        }
        return v == null ? Optional.empty() : nonBlank(v.strip());
    }

    static String attrIgnoreCase(Element e, String name) {
        for (Attribute a : e.getAttributes()) {
            if (a.getName().equalsIgnoreCase(name)) {
                return a.getValue();
            }
        }
        return null;
    }

    static Optional<String> xmlLang(Element e) {
        return Optional.ofNullable(e.getAttributeValue("lang", Namespace.XML_NAMESPACE)).flatMap(XmlTree::nonBlank);
    }

    static Optional<String> nonBlank(String s) {
        return s == null || s.isBlank() ? Optional.empty() : Optional.of(s);
    }

    static Optional<Long> integer(String s) {
        try {
            return Optional.of(Long.parseLong(s.strip()));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    static boolean isHttp(String url) {
        String l = url.toLowerCase(Locale.ROOT);
        return l.startsWith("http://") || l.startsWith("https://");
    }
}
