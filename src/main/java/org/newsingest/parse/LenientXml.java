package org.newsingest.parse;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import org.jdom2.CDATA;
import org.jdom2.Document;
import org.jdom2.Element;
import org.jdom2.IllegalDataException;
import org.jdom2.IllegalNameException;
import org.jdom2.Namespace;
import org.jdom2.Text;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Attribute;
import org.jsoup.nodes.CDataNode;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;
import org.jsoup.parser.Parser;

/**
 * The fallback for documents that are not well-formed XML: jsoup's forgiving XML tree builder
 * (which never expands entities it does not know and never fetches anything), converted to a JDOM
 * tree with namespaces resolved from the {@code xmlns} attributes in scope. Common prefixes used
 * without a declaration ({@code dc:}, {@code content:}, ...) get their usual namespace.
 */
final class LenientXml {

    private static final Map<String, String> USUAL_PREFIXES = Map.ofEntries(
            Map.entry("dc", Namespaces.DC),
            Map.entry("dcterms", Namespaces.DCTERMS),
            Map.entry("content", Namespaces.CONTENT),
            Map.entry("media", Namespaces.MEDIA),
            Map.entry("itunes", Namespaces.ITUNES),
            Map.entry("atom", Namespaces.ATOM10),
            Map.entry("rdf", Namespaces.RDF),
            Map.entry("sy", Namespaces.SY),
            Map.entry("xml", Namespace.XML_NAMESPACE.getURI()));

    private LenientXml() {}

    static Document parse(String xml) {
        org.jsoup.nodes.Document soup = Jsoup.parse(xml, "", Parser.xmlParser());
        Document document = new Document();
        Deque<Map<String, String>> scopes = new ArrayDeque<>();
        scopes.push(new HashMap<>());
        Element holder = new Element("holder");
        for (Node child : soup.childNodes()) {
            convert(child, holder, scopes);
        }
        Element root = holder.getChildren().isEmpty() ? new Element("empty") : holder.getChildren().get(0);
        root.detach();
        document.setRootElement(root);
        return document;
    }

    private static void convert(Node node, Element parent, Deque<Map<String, String>> scopes) {
        if (node instanceof CDataNode cdata) {
            addText(parent, cdata.getWholeText(), true);
        } else if (node instanceof TextNode text) {
            addText(parent, text.getWholeText(), false);
        } else if (node instanceof org.jsoup.nodes.Element element) {
            Map<String, String> scope = new HashMap<>(scopes.peek());
            for (Attribute attribute : element.attributes()) {
                String key = attribute.getKey();
                if (key.equals("xmlns")) {
                    scope.put("", attribute.getValue());
                } else if (key.startsWith("xmlns:")) {
                    scope.put(key.substring(6), attribute.getValue());
                }
            }
            scopes.push(scope);
            try {
                Element converted = element(element, scope);
                if (converted == null) {
                    for (Node child : element.childNodes()) {
                        convert(child, parent, scopes);
                    }
                } else {
                    parent.addContent(converted);
                    for (Node child : element.childNodes()) {
                        convert(child, converted, scopes);
                    }
                }
            } finally {
                scopes.pop();
            }
        }
        // Comments, declarations and document types are dropped: nothing in them is content.
    }

    private static Element element(org.jsoup.nodes.Element source, Map<String, String> scope) {
        String name = source.tagName();
        try {
            Element target;
            int colon = name.indexOf(':');
            if (colon > 0) {
                String prefix = name.substring(0, colon);
                String uri = scope.getOrDefault(prefix, USUAL_PREFIXES.getOrDefault(prefix, "urn:undeclared-prefix:" + prefix));
                target = new Element(name.substring(colon + 1), Namespace.getNamespace(prefix, uri));
            } else {
                String uri = scope.getOrDefault("", "");
                target = new Element(name, Namespace.getNamespace(uri));
            }
            for (Attribute attribute : source.attributes()) {
                String key = attribute.getKey();
                if (key.equals("xmlns") || key.startsWith("xmlns:")) {
                    continue;
                }
                try {
                    int c = key.indexOf(':');
                    if (c > 0) {
                        String prefix = key.substring(0, c);
                        String uri = scope.getOrDefault(prefix, USUAL_PREFIXES.get(prefix));
                        if (uri == null) {
                            target.setAttribute(key.substring(c + 1), attribute.getValue());
                        } else {
                            target.setAttribute(key.substring(c + 1), attribute.getValue(),
                                    "xml".equals(prefix) ? Namespace.XML_NAMESPACE : Namespace.getNamespace(prefix, uri));
                        }
                    } else {
                        target.setAttribute(key, attribute.getValue());
                    }
                } catch (IllegalNameException | IllegalDataException e) {
                    // an attribute XML cannot hold is dropped
                }
            }
            return target;
        } catch (IllegalNameException | IllegalDataException e) {
            return null;
        }
    }

    private static void addText(Element parent, String text, boolean cdata) {
        try {
            parent.addContent(cdata ? new CDATA(text) : new Text(text));
        } catch (IllegalDataException e) {
            parent.addContent(new Text(text.replace("]]>", "]]&gt;")));
        }
    }
}
