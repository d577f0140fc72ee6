package org.newsingest.parse;

import static org.newsingest.parse.TextConstructs.construct;
import static org.newsingest.parse.XmlTree.isAtomModule;
import static org.newsingest.parse.XmlTree.module;
import static org.newsingest.parse.XmlTree.moduleText;

import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jdom2.Element;

/**
 * Atom 1.0 (RFC 4287) and Atom 0.3: {@code <feed><entry>}, every text a text construct, the link
 * an {@code rel="alternate"} link, the id a URI that stands in for a missing link.
 */
final class AtomMapper extends XmlFeedMapper {

    private static final Format ATOM = new Format("atom",
            List.of(Source.core("published"), Source.core("issued"), Source.of("dcterms", "issued")),
            List.of(Source.core("updated"), Source.core("modified"), Source.of("dc", "date"), Source.of("dcterms", "modified")));

    AtomMapper(Optional<URI> documentBase, Instant now) {
        super(ATOM, documentBase, now);
    }

    /** The entries; feedparser reads an {@code <item>} in an Atom feed as an entry, and so do we. */
    @Override
    List<Element> entries(Element root, Element channel) {
        List<Element> entries = new ArrayList<>();
        for (Element e : root.getChildren()) {
            if ((e.getName().equals("entry") || e.getName().equals("item")) && isCore(module(e))) {
                entries.add(e);
            }
        }
        return entries;
    }

    /** Un-namespaced elements (and unknown default namespaces) as well as both Atom namespaces. */
    @Override
    boolean isCore(String module) {
        return module.isEmpty() || isAtomModule(module);
    }

    @Override
    boolean isAtomLink(String module) {
        return isCore(module);
    }

    @Override
    boolean categoryIsTerm(Element category) {
        return true;
    }

    @Override
    boolean readsEnclosureElements() {
        return false;
    }

    @Override
    Id id(Element entry) {
        Optional<String> id = coreText(entry, "id").map(value -> resolve(entry, value));
        return new Id(id, id);
    }

    @Override
    Optional<String> link(Element element) {
        return alternateLink(element);
    }

    @Override
    Optional<String> title(Element element) {
        return coreConstruct(element, "title").or(() -> mediaTitle(element));
    }

    @Override
    Optional<String> summary(Element entry) {
        return coreConstruct(entry, "summary");
    }

    @Override
    List<String> contents(Element entry) {
        List<String> contents = new ArrayList<>();
        children(entry, "content").forEach(e -> construct(e).ifPresent(contents::add));
        return contents;
    }

    @Override
    Optional<String> author(Element entry) {
        return person(child(entry, "author"))
                .or(() -> moduleText(entry, "dc", "creator"))
                .or(() -> moduleText(entry, "itunes", "author"));
    }
}
