package org.newsingest.parse;

import static org.newsingest.parse.XmlTree.attr;
import static org.newsingest.parse.XmlTree.attrIgnoreCase;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jdom2.Element;

/**
 * Microsoft's Channel Definition Format: {@code <channel href><item href>} with an
 * {@code <abstract>}, dates in {@code lastmod} attributes and an un-namespaced {@code base}. RSS's
 * fields otherwise, as feedparser reads it.
 */
final class CdfMapper extends RssMapper {

    /** RSS's publication dates; the last change is the {@code lastmod} attribute (see {@link #updated}). */
    private static final Format CDF = new Format("cdf", RssMapper.ISSUED, List.of());

    CdfMapper(Optional<URI> documentBase, Instant now) {
        super(CDF, documentBase, now);
    }

    /** The feed-level fields are on the root {@code <channel>}. */
    @Override
    Element channel(Element root) {
        return root;
    }

    @Override
    List<Element> entries(Element root, Element channel) {
        return children(root, "item");
    }

    @Override
    Optional<String> link(Element element) {
        return attr(element, "href").map(h -> resolve(element, h));
    }

    @Override
    Optional<String> description(Element item) {
        return coreHtml(item, "abstract");
    }

    @Override
    Optional<Instant> updated(Element item, Set<ParsedItem.Flag> flags) {
        return lastmod(item);
    }

    @Override
    Optional<Instant> feedUpdated(Element channel) {
        return lastmod(channel);
    }

    private static Optional<Instant> lastmod(Element element) {
        return attr(element, "lastmod").flatMap(Dates::parse);
    }

    @Override
    Optional<String> ownBase(Element e) {
        return super.ownBase(e).or(() -> Optional.ofNullable(attrIgnoreCase(e, "base")));
    }
}
