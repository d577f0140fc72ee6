package org.newsingest.parse;

import java.net.URI;
import java.time.Instant;
import java.util.Optional;
import org.jdom2.Element;
import org.jdom2.Namespace;

/**
 * RDF Site Summary (RSS 0.90 and 1.0): RSS's fields, with items next to the channel, and the
 * item's {@code rdf:about} as its id when it has neither {@code guid} nor {@code id}.
 */
final class RdfMapper extends RssMapper {

    private static final Namespace RDF = Namespace.getNamespace(Namespaces.RDF);

    RdfMapper(Optional<URI> documentBase, Instant now) {
        super(documentBase, now);
    }

    @Override
    Id id(Element item) {
        if (child(item, "guid") != null || child(item, "id") != null) {
            return super.id(item);
        }
        Optional<String> about = Optional.ofNullable(item.getAttributeValue("about", RDF)).map(String::strip)
                .filter(s -> !s.isEmpty()).map(a -> resolve(item, a));
        return new Id(about, Optional.empty());
    }
}
