package org.newsingest.parse;

import static org.newsingest.parse.TextConstructs.construct;
import static org.newsingest.parse.TextConstructs.html;
import static org.newsingest.parse.TextConstructs.mediaText;
import static org.newsingest.parse.XmlTree.attr;
import static org.newsingest.parse.XmlTree.isAtomModule;
import static org.newsingest.parse.XmlTree.module;
import static org.newsingest.parse.XmlTree.moduleChild;
import static org.newsingest.parse.XmlTree.moduleText;
import static org.newsingest.parse.XmlTree.nonBlank;
import static org.newsingest.parse.XmlTree.text;
import static org.newsingest.parse.XmlTree.xmlLang;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.jdom2.Document;
import org.jdom2.Element;
import org.jdom2.Namespace;

/**
 * Where feed elements become {@link ParsedFeed} and {@link ParsedItem} fields: this class assembles
 * them and holds what every XML dialect shares (modules such as {@code dc:}, {@code media:},
 * {@code itunes:}, Atom links, {@code xml:base}); {@link RssMapper}, {@link RdfMapper},
 * {@link CdfMapper} and {@link AtomMapper} say, one method per field, where their format keeps it.
 *
 * <p>Why Rome stays, and what it still does: its {@code WireFeedInput} builds the JDOM tree with
 * its secured SAX settings (DOCTYPE disallowed, no external entities), and its format detection
 * names the feed's version ({@code rss_2.0}, {@code atom_1.0}, ...) for {@link ParsedFeed#format}.
 * Its per-format converters are not used: they drop the fallbacks (Atom inside RSS, media titles,
 * case-insensitive names, unknown default namespaces) the conformance corpus needs, so those are
 * spelled out here instead.
 *
 * <p>Element names of the feed's own vocabulary are matched case-insensitively and whatever
 * default namespace the feed put them in; module elements by their namespace, in any known spelling.
 */
abstract sealed class XmlFeedMapper permits RssMapper, AtomMapper {

    private static final Duration FUTURE_TOLERANCE = Duration.ofDays(1);

    /** Where a field may be read from: an element of the format's own vocabulary ({@code module} empty) or of a module. */
    record Source(String module, String name) {
        static Source core(String name) {
            return new Source(Namespaces.CORE, name);
        }

        static Source of(String module, String name) {
            return new Source(module, name);
        }
    }

    /**
     * A format's name (used when Rome does not recognize the document) and where its entries keep
     * their dates, in order of precedence: {@code issued} is the entry's own publication date,
     * {@code updated} its last change.
     */
    record Format(String name, List<Source> issued, List<Source> updated) {}

    /** The entry's id, and the URL it stands for when the format lets an id serve as the link. */
    record Id(Optional<String> value, Optional<String> permalink) {}

    private static final List<Source> FEED_UPDATED = List.of(Source.core("lastBuildDate"), Source.core("updated"),
            Source.core("modified"), Source.of("atom", "updated"), Source.of("dc", "date"), Source.of("dcterms", "modified"));

    private final Format format;
    private final Optional<URI> documentBase;
    private final Instant now;

    XmlFeedMapper(Format format, Optional<URI> documentBase, Instant now) {
        this.format = format;
        this.documentBase = documentBase;
        this.now = now;
    }

    /** Empty when the root element is no feed vocabulary we know. */
    static Optional<ParsedFeed> map(Document document, String romeType, FeedContext context, String encoding, List<String> warnings,
                                    int maxEntries) {
        Element root = document.getRootElement();
        Optional<URI> base = context.baseUri();
        Instant now = Instant.now();
        XmlFeedMapper mapper = switch (root.getName().toLowerCase(Locale.ROOT)) {
            case "feed" -> new AtomMapper(base, now);
            case "rss" -> new RssMapper(base, now);
            case "rdf", "rss:rdf" -> new RdfMapper(base, now);
            case "channel" -> new CdfMapper(base, now);
            default -> null;
        };
        return Optional.ofNullable(mapper).map(m -> m.feed(root, romeType, context, encoding, warnings, maxEntries));
    }

    private ParsedFeed feed(Element root, String romeType, FeedContext context, String encoding, List<String> warnings, int maxEntries) {
        Element channel = channel(root);
        List<Element> entries = entries(root, channel);
        List<ParsedItem> parsed = new ArrayList<>(Math.min(entries.size(), maxEntries));
        for (Element entry : entries.subList(0, Math.min(entries.size(), maxEntries))) {
            parsed.add(item(entry));
        }
        return new ParsedFeed(
                romeType != null ? romeType : format.name(),
                title(channel),
                link(channel),
                feedLanguage(root, channel).or(context::contentLanguage).map(String::strip).filter(s -> !s.isEmpty()),
                ttl(channel),
                feedUpdated(channel),
                encoding,
                List.copyOf(warnings),
                List.copyOf(parsed),
                entries.size(),
                atomLinks(channel, "hub"),
                atomLinks(channel, "self").stream().findFirst());
    }

    private ParsedItem item(Element item) {
        Set<ParsedItem.Flag> flags = EnumSet.noneOf(ParsedItem.Flag.class);
        Id id = id(item);
        Optional<String> ownLink = link(item);
        Optional<String> link = ownLink.or(() -> id.permalink().filter(XmlTree::isHttp));
        List<String> contents = contents(item);
        Optional<Instant> issued = date(item, format.issued(), flags);
        Optional<Instant> updated = updated(item, flags);
        Optional<Instant> published = issued.or(() -> moduleText(item, "dc", "date").flatMap(Dates::parse)).or(() -> updated);
        if (isFuture(published) || isFuture(updated)) {
            flags.add(ParsedItem.Flag.FUTURE_DATE);
        }
        return new ParsedItem(
                id.value(),
                link,
                ownLink.isEmpty() && link.isPresent(),
                title(item),
                summary(item).or(() -> mediaDescription(item)).or(() -> contents.stream().findFirst()),
                contents.stream().findFirst(),
                author(item),
                published,
                issued,
                updated,
                Categories.of(item, this),
                Enclosures.of(item, this),
                moduleText(item, "dc", "language").or(() -> xmlLang(item)).map(String::strip).filter(s -> !s.isEmpty()),
                flags.isEmpty() ? Set.of() : Set.copyOf(flags));
    }

    // ---------------------------------------------------------------- what each format says

    /** The element that holds the feed-level fields: the root, unless the format nests them. */
    Element channel(Element root) {
        return root;
    }

    abstract List<Element> entries(Element root, Element channel);

    /** Whether an element in {@code module} belongs to the format's own vocabulary. */
    abstract boolean isCore(String module);

    abstract Id id(Element entry);

    /** The feed's or entry's own link (not the id fallback). */
    abstract Optional<String> link(Element element);

    /** The feed's or entry's title. */
    abstract Optional<String> title(Element element);

    /** The format's own summary elements, before the Media RSS description and the first content. */
    abstract Optional<String> summary(Element entry);

    abstract List<String> contents(Element entry);

    abstract Optional<String> author(Element entry);


    /** Whether a link in {@code module} is an Atom link (hub, self, alternate, enclosure). */
    boolean isAtomLink(String module) {
        return isAtomModule(module);
    }

    /** Whether a core {@code <category>} names its value in {@code term} (Atom) rather than its text (RSS). */
    boolean categoryIsTerm(Element category) {
        return category.getAttribute("term") != null;
    }

    /** Whether a core {@code <enclosure url>} element is part of the format. */
    boolean readsEnclosureElements() {
        return true;
    }

    Optional<Instant> updated(Element entry, Set<ParsedItem.Flag> flags) {
        return date(entry, format.updated(), flags);
    }

    Optional<Instant> feedUpdated(Element channel) {
        return FEED_UPDATED.stream().map(source -> sourceText(channel, source)).flatMap(Optional::stream)
                .map(Dates::parse).flatMap(Optional::stream).findFirst();
    }

    /** The base URI an element itself declares. */
    Optional<String> ownBase(Element e) {
        return Optional.ofNullable(e.getAttributeValue("base", Namespace.XML_NAMESPACE));
    }

    // ---------------------------------------------------------------- fields every format shares

    private Optional<String> feedLanguage(Element root, Element channel) {
        return coreText(channel, "language")
                .or(() -> moduleText(channel, "dc", "language"))
                .or(() -> xmlLang(channel))
                .or(() -> xmlLang(root));
    }

    /** RSS {@code ttl}, else the syndication module's period divided by its frequency. */
    private Optional<Duration> ttl(Element channel) {
        Optional<Duration> ttl = coreText(channel, "ttl").flatMap(XmlTree::integer).filter(m -> m > 0).map(Duration::ofMinutes);
        if (ttl.isPresent()) {
            return ttl;
        }
        long frequency = moduleText(channel, "sy", "updateFrequency").flatMap(XmlTree::integer).filter(f -> f > 0).orElse(1L);
        return moduleText(channel, "sy", "updatePeriod").flatMap(period -> switch (period.toLowerCase(Locale.ROOT)) {
            case "hourly" -> Optional.of(Duration.ofHours(1));
            case "daily" -> Optional.of(Duration.ofDays(1));
            case "weekly" -> Optional.of(Duration.ofDays(7));
            case "monthly" -> Optional.of(Duration.ofDays(30));
            case "yearly" -> Optional.of(Duration.ofDays(365));
            default -> Optional.<Duration>empty();
        }).map(unit -> unit.dividedBy(frequency));
    }

    /** The first source present that reads as a date; a present one that does not is flagged and skipped. */
    final Optional<Instant> date(Element entry, List<Source> sources, Set<ParsedItem.Flag> flags) {
        for (Source source : sources) {
            Optional<String> raw = sourceText(entry, source);
            if (raw.isPresent()) {
                Optional<Instant> value = Dates.parse(raw.get());
                if (value.isPresent()) {
                    return value;
                }
                flags.add(ParsedItem.Flag.UNREADABLE_DATE);
            }
        }
        return Optional.empty();
    }

    private boolean isFuture(Optional<Instant> date) {
        return date.isPresent() && date.get().isAfter(now.plus(FUTURE_TOLERANCE));
    }

    final Optional<String> mediaTitle(Element entry) {
        return mediaText(mediaElement(entry, "title"));
    }

    private Optional<String> mediaDescription(Element entry) {
        return mediaText(mediaElement(entry, "description"));
    }

    /** {@code media:name} on the entry, else inside its {@code media:group}. */
    private static Element mediaElement(Element entry, String name) {
        Element element = moduleChild(entry, "media", name);
        if (element == null) {
            Element group = moduleChild(entry, "media", "group");
            element = group == null ? null : moduleChild(group, "media", name);
        }
        return element;
    }

    /** An Atom person construct (name and email, in any namespace), or its text. */
    final Optional<String> person(Element person) {
        if (person == null) {
            return Optional.empty();
        }
        Optional<String> name = XmlTree.anyText(person, "name");
        Optional<String> email = XmlTree.anyText(person, "email");
        if (name.isPresent() && email.isPresent()) {
            return Optional.of(name.get() + " (" + email.get() + ")");
        }
        return name.or(() -> email).or(() -> nonBlank(person.getTextNormalize()));
    }

    /** The {@code href}s of the feed-level Atom links with relation {@code rel} (WebSub discovery: hub, self), resolved. */
    private List<String> atomLinks(Element channel, String rel) {
        List<String> hrefs = new ArrayList<>();
        for (Element e : channel.getChildren()) {
            if (!isAtomLink(module(e)) || !e.getName().equalsIgnoreCase("link")) {
                continue;
            }
            boolean matches = Optional.ofNullable(e.getAttributeValue("rel")).stream()
                    .flatMap(rels -> List.of(rels.strip().split("\\s+")).stream())
                    .anyMatch(rel::equalsIgnoreCase);
            if (matches) {
                attr(e, "href").map(href -> resolve(e, href)).filter(href -> !hrefs.contains(href)).ifPresent(hrefs::add);
            }
        }
        return List.copyOf(hrefs);
    }

    /** Atom {@code link rel="alternate"} (or no rel) with an HTML type, else any alternate link. */
    final Optional<String> alternateLink(Element parent) {
        String fallback = null;
        for (Element e : parent.getChildren()) {
            if (!e.getName().equalsIgnoreCase("link") || !isAtomLink(module(e))) {
                continue;
            }
            String rel = Optional.ofNullable(e.getAttributeValue("rel")).map(String::strip).orElse("alternate");
            Optional<String> href = attr(e, "href").or(() -> nonBlank(e.getTextNormalize()));
            if (!rel.equals("alternate") || href.isEmpty()) {
                continue;
            }
            String type = Optional.ofNullable(e.getAttributeValue("type")).map(t -> t.strip().toLowerCase(Locale.ROOT)).orElse("text/html");
            String resolved = resolve(e, href.get());
            if (type.equals("text/html") || type.equals("application/xhtml+xml")) {
                return Optional.of(resolved);
            }
            if (fallback == null) {
                fallback = resolved;
            }
        }
        return Optional.ofNullable(fallback);
    }

    // ---------------------------------------------------------------- core-vocabulary queries

    final Element child(Element parent, String name) {
        for (Element e : parent.getChildren()) {
            if (e.getName().equalsIgnoreCase(name) && isCore(module(e))) {
                return e;
            }
        }
        return null;
    }

    final List<Element> children(Element parent, String name) {
        List<Element> out = new ArrayList<>();
        for (Element e : parent.getChildren()) {
            if (e.getName().equalsIgnoreCase(name) && isCore(module(e))) {
                out.add(e);
            }
        }
        return out;
    }

    final Optional<String> coreText(Element parent, String name) {
        return text(child(parent, name));
    }

    final Optional<String> coreHtml(Element parent, String name) {
        return html(child(parent, name));
    }

    final Optional<String> coreConstruct(Element parent, String name) {
        return construct(child(parent, name));
    }

    private Optional<String> sourceText(Element parent, Source source) {
        return source.module().isEmpty() ? coreText(parent, source.name()) : moduleText(parent, source.module(), source.name());
    }

    /** {@code value} resolved against the base URI in scope at {@code e}: xml:base chain, then the document's. */
    final String resolve(Element e, String value) {
        return Uris.resolve(base(e), value);
    }

    private Optional<URI> base(Element e) {
        List<String> bases = new ArrayList<>(2);
        for (Element p = e; p != null; p = p.getParentElement()) {
            ownBase(p).ifPresent(bases::add);
        }
        Optional<URI> base = documentBase;
        for (int i = bases.size() - 1; i >= 0; i--) {
            Optional<URI> next = Uris.parse(bases.get(i));
            if (next.isEmpty()) {
                continue;
            }
            base = base.isPresent() ? Optional.of(Uris.resolve(base.get(), next.get())) : next;
        }
        return base;
    }
}
