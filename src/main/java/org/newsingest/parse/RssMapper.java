package org.newsingest.parse;

import static org.newsingest.parse.TextConstructs.construct;
import static org.newsingest.parse.TextConstructs.html;
import static org.newsingest.parse.TextConstructs.inner;
import static org.newsingest.parse.XmlTree.attrIgnoreCase;
import static org.newsingest.parse.XmlTree.moduleChild;
import static org.newsingest.parse.XmlTree.moduleChildren;
import static org.newsingest.parse.XmlTree.moduleText;
import static org.newsingest.parse.XmlTree.nonBlank;

import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jdom2.Element;

/**
 * RSS 0.9x and 2.0: {@code <rss><channel><item>}, with the modules feeds mix into it (Dublin
 * Core, {@code content:encoded}, Atom elements, iTunes) as the fallbacks of each field.
 */
sealed class RssMapper extends XmlFeedMapper permits RdfMapper, CdfMapper {

    static final List<Source> ISSUED = List.of(Source.core("pubDate"), Source.of("atom", "published"),
            Source.of("dcterms", "issued"), Source.core("published"), Source.core("issued"));
    private static final Format RSS = new Format("rss", ISSUED,
            List.of(Source.of("atom", "updated"), Source.of("dc", "date"), Source.of("dcterms", "modified"), Source.core("updated"),
                    Source.core("modified")));
    /** Full-text elements some feeds write without a namespace. */
    private static final List<String> BODY_ELEMENTS = List.of("body", "fullitem", "content");

    RssMapper(Optional<URI> documentBase, Instant now) {
        this(RSS, documentBase, now);
    }

    RssMapper(Format format, Optional<URI> documentBase, Instant now) {
        super(format, documentBase, now);
    }

    @Override
    Element channel(Element root) {
        Element channel = child(root, "channel");
        return channel == null ? root : channel;
    }

    /** Items in the channel, and (as in RSS 1.0 and some broken feeds) next to it. */
    @Override
    List<Element> entries(Element root, Element channel) {
        List<Element> items = new ArrayList<>();
        if (channel != root) {
            items.addAll(children(channel, "item"));
        }
        items.addAll(children(root, "item"));
        return items;
    }

    @Override
    boolean isCore(String module) {
        return module.isEmpty();
    }

    /**
     * The {@code guid} as written (a permalink unless {@code isPermaLink="false"}), else an
     * {@code id} element (never a permalink).
     */
    @Override
    Id id(Element item) {
        Element guid = child(item, "guid");
        if (guid == null) {
            return new Id(coreText(item, "id").map(id -> resolve(item, id)), Optional.empty());
        }
        String isPermaLink = guid.getAttributeValue("isPermaLink");
        if (isPermaLink == null) {
            isPermaLink = attrIgnoreCase(guid, "ispermalink");
        }
        boolean permalink = isPermaLink == null || !"false".equalsIgnoreCase(isPermaLink.strip());
        Optional<String> value = nonBlank(guid.getTextNormalize());
        return new Id(value, permalink ? value.map(g -> resolve(item, g)) : Optional.empty());
    }

    @Override
    Optional<String> link(Element element) {
        return coreText(element, "link").map(l -> resolve(element, l))
                .or(() -> alternateLink(element))
                .or(() -> coreLinkHref(element));
    }

    /** An Atom-style {@code <link href>} written without the Atom namespace (feedparser reads those in RSS too). */
    private Optional<String> coreLinkHref(Element element) {
        for (Element e : children(element, "link")) {
            String rel = Optional.ofNullable(e.getAttributeValue("rel")).orElse("alternate").strip();
            Optional<String> href = XmlTree.attr(e, "href");
            if (rel.equals("alternate") && href.isPresent()) {
                return Optional.of(resolve(e, href.get()));
            }
        }
        return Optional.empty();
    }

    @Override
    Optional<String> title(Element element) {
        return coreHtml(element, "title")
                .or(() -> html(moduleChild(element, "dc", "title")))
                .or(() -> construct(moduleChild(element, "atom", "title")))
                .or(() -> mediaTitle(element));
    }

    @Override
    Optional<String> summary(Element item) {
        return description(item)
                .or(() -> html(moduleChild(item, "dc", "description")))
                .or(() -> coreConstruct(item, "summary"))
                .or(() -> construct(moduleChild(item, "atom", "summary")))
                .or(() -> html(moduleChild(item, "itunes", "summary")));
    }

    Optional<String> description(Element item) {
        return coreHtml(item, "description");
    }

    /** {@code content:encoded}, Atom content, an XHTML body, then un-namespaced body elements, in that order. */
    @Override
    List<String> contents(Element item) {
        List<String> contents = new ArrayList<>();
        moduleChildren(item, "content", "encoded").forEach(e -> html(e).ifPresent(contents::add));
        moduleChildren(item, "atom", "content").forEach(e -> construct(e).ifPresent(contents::add));
        moduleChildren(item, "xhtml", "body").forEach(e -> inner(e).filter(s -> !s.isBlank()).ifPresent(contents::add));
        for (String name : BODY_ELEMENTS) {
            children(item, name).forEach(e -> html(e).ifPresent(contents::add));
        }
        return contents;
    }

    @Override
    Optional<String> author(Element item) {
        return coreText(item, "author")
                .or(() -> moduleText(item, "dc", "creator"))
                .or(() -> moduleText(item, "dc", "author"))
                .or(() -> moduleText(item, "itunes", "author"))
                .or(() -> person(moduleChild(item, "atom", "author")));
    }
}
