package org.newsingest.parse;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.jdom2.Attribute;
import org.jdom2.Content;
import org.jdom2.Document;
import org.jdom2.Element;
import org.jdom2.Namespace;
import org.jdom2.output.Format;
import org.jdom2.output.XMLOutputter;

/**
 * The one place where feed elements become {@link ParsedItem} fields, for every XML dialect
 * (RSS 0.9x/1.0/2.0, RDF, Atom 0.3/1.0, CDF). It reads the JDOM tree that Rome's secured SAX
 * builder produced (or the lenient fallback's), so precedence rules and fallbacks are spelled out
 * here instead of being spread over Rome's per-format converters.
 *
 * <p>Element names of the feed's own vocabulary are matched case-insensitively and whatever
 * default namespace the feed put them in; module elements ({@code dc:}, {@code content:},
 * {@code media:}, {@code itunes:}, Atom inside RSS) by their namespace, in any known spelling.
 */
final class XmlFeedMapper {

    private enum Kind { RSS, ATOM, CDF }

    private static final Duration FUTURE_TOLERANCE = Duration.ofDays(1);

    private final Kind kind;
    private final Optional<URI> documentBase;
    private final Instant now;

    private XmlFeedMapper(Kind kind, Optional<URI> documentBase, Instant now) {
        this.kind = kind;
        this.documentBase = documentBase;
        this.now = now;
    }

    /** Empty when the root element is no feed vocabulary we know. */
    static Optional<ParsedFeed> map(Document document, String romeType, FeedContext context, String encoding, List<String> warnings,
                                    int maxEntries) {
        Element root = document.getRootElement();
        String name = root.getName().toLowerCase(Locale.ROOT);
        Kind kind;
        Element channel;
        List<Element> items = new ArrayList<>();
        XmlFeedMapper mapper;
        switch (name) {
            case "feed" -> {
                kind = Kind.ATOM;
                mapper = new XmlFeedMapper(kind, context.baseUri(), Instant.now());
                channel = root;
                for (Element e : root.getChildren()) {
                    // feedparser reads an <item> in an Atom feed as an entry; so do we.
                    if ((e.getName().equals("entry") || e.getName().equals("item")) && mapper.isCore(module(e))) {
                        items.add(e);
                    }
                }
            }
            case "rss", "rdf", "rss:rdf" -> {
                kind = Kind.RSS;
                mapper = new XmlFeedMapper(kind, context.baseUri(), Instant.now());
                channel = mapper.child(root, "channel");
                if (channel != null) {
                    items.addAll(mapper.children(channel, "item"));
                }
                items.addAll(mapper.children(root, "item"));
                if (channel == null) {
                    channel = root;
                }
            }
            case "channel" -> {
                kind = Kind.CDF;
                mapper = new XmlFeedMapper(kind, context.baseUri(), Instant.now());
                channel = root;
                items.addAll(mapper.children(root, "item"));
            }
            default -> {
                return Optional.empty();
            }
        }
        String format = romeType != null ? romeType : switch (kind) {
            case ATOM -> "atom";
            case RSS -> "rss";
            case CDF -> "cdf";
        };
        List<ParsedItem> parsed = new ArrayList<>(Math.min(items.size(), maxEntries));
        for (Element item : items.subList(0, Math.min(items.size(), maxEntries))) {
            parsed.add(mapper.item(item));
        }
        return Optional.of(new ParsedFeed(
                format,
                mapper.title(channel),
                mapper.feedLink(channel),
                mapper.feedLanguage(root, channel).or(context::contentLanguage).map(String::strip).filter(s -> !s.isEmpty()),
                mapper.ttl(channel),
                mapper.feedUpdated(channel),
                encoding,
                List.copyOf(warnings),
                List.copyOf(parsed),
                items.size(),
                mapper.atomLinks(channel, "hub"),
                mapper.atomLinks(channel, "self").stream().findFirst()));
    }

    // ---------------------------------------------------------------- feed level

    private Optional<String> feedLink(Element channel) {
        if (kind == Kind.CDF) {
            return attr(channel, "href").map(h -> resolve(channel, h));
        }
        Optional<String> link = kind == Kind.ATOM ? Optional.empty() : coreText(channel, "link").map(l -> resolve(channel, l));
        return link.or(() -> alternateLink(channel)).or(() -> kind == Kind.RSS ? coreLinkHref(channel) : Optional.empty());
    }

    private Optional<String> feedLanguage(Element root, Element channel) {
        return coreText(channel, "language")
                .or(() -> moduleText(channel, "dc", "language"))
                .or(() -> xmlLang(channel))
                .or(() -> xmlLang(root));
    }

    private Optional<Duration> ttl(Element channel) {
        Optional<Duration> ttl = coreText(channel, "ttl").flatMap(XmlFeedMapper::integer)
                .filter(m -> m > 0).map(Duration::ofMinutes);
        if (ttl.isPresent()) {
            return ttl;
        }
        Optional<String> period = moduleText(channel, "sy", "updatePeriod");
        if (period.isEmpty()) {
            return Optional.empty();
        }
        long frequency = moduleText(channel, "sy", "updateFrequency").flatMap(XmlFeedMapper::integer).filter(f -> f > 0).orElse(1L);
        Duration unit = switch (period.get().toLowerCase(Locale.ROOT)) {
            case "hourly" -> Duration.ofHours(1);
            case "daily" -> Duration.ofDays(1);
            case "weekly" -> Duration.ofDays(7);
            case "monthly" -> Duration.ofDays(30);
            case "yearly" -> Duration.ofDays(365);
            default -> null;
        };
        return Optional.ofNullable(unit).map(u -> u.dividedBy(frequency));
    }

    private Optional<Instant> feedUpdated(Element channel) {
        if (kind == Kind.CDF) {
            return attr(channel, "lastmod").flatMap(Dates::parse);
        }
        List<String> raw = new ArrayList<>();
        coreText(channel, "lastBuildDate").ifPresent(raw::add);
        coreText(channel, "updated").ifPresent(raw::add);
        coreText(channel, "modified").ifPresent(raw::add);
        moduleText(channel, "atom", "updated").ifPresent(raw::add);
        moduleText(channel, "dc", "date").ifPresent(raw::add);
        moduleText(channel, "dcterms", "modified").ifPresent(raw::add);
        return raw.stream().map(Dates::parse).flatMap(Optional::stream).findFirst();
    }

    // ---------------------------------------------------------------- entry level

    private ParsedItem item(Element item) {
        Set<ParsedItem.Flag> flags = EnumSet.noneOf(ParsedItem.Flag.class);

        // id
        Optional<String> guid;
        boolean permalink = false;
        if (kind == Kind.ATOM) {
            guid = coreText(item, "id").map(id -> resolve(item, id));
        } else {
            Element g = child(item, "guid");
            if (g != null) {
                String isPermaLink = g.getAttributeValue("isPermaLink");
                if (isPermaLink == null) {
                    isPermaLink = attrIgnoreCase(g, "ispermalink");
                }
                permalink = isPermaLink == null || !"false".equalsIgnoreCase(isPermaLink.strip());
                String text = g.getTextNormalize();
                guid = text.isEmpty() ? Optional.empty() : Optional.of(text);
            } else if (child(item, "id") != null) {
                guid = coreText(item, "id").map(id -> resolve(item, id));
            } else {
                guid = Optional.ofNullable(item.getAttributeValue("about", Namespace.getNamespace(Namespaces.RDF)))
                        .map(String::strip).filter(s -> !s.isEmpty())
                        .map(about -> resolve(item, about));
            }
        }

        // link
        Optional<String> link;
        if (kind == Kind.ATOM) {
            link = alternateLink(item);
        } else if (kind == Kind.CDF) {
            link = attr(item, "href").map(h -> resolve(item, h));
        } else {
            link = coreText(item, "link").map(l -> resolve(item, l)).or(() -> alternateLink(item)).or(() -> coreLinkHref(item));
        }
        boolean linkFromId = false;
        if (link.isEmpty() && guid.isPresent() && (kind == Kind.ATOM || permalink)) {
            String candidate = kind == Kind.ATOM ? guid.get() : resolve(item, guid.get());
            if (isHttp(candidate)) {
                link = Optional.of(candidate);
                linkFromId = true;
            }
        }

        // text
        Optional<String> title = title(item);
        Optional<String> summary;
        List<String> contents = new ArrayList<>();
        if (kind == Kind.ATOM) {
            summary = construct(child(item, "summary"));
            for (Element content : children(item, "content")) {
                construct(content).ifPresent(contents::add);
            }
        } else {
            summary = coreHtml(item, kind == Kind.CDF ? "abstract" : "description");
            if (summary.isEmpty()) {
                summary = moduleHtml(item, "dc", "description");
            }
            if (summary.isEmpty()) {
                summary = construct(child(item, "summary"));
            }
            if (summary.isEmpty()) {
                summary = construct(moduleChild(item, "atom", "summary"));
            }
            for (Element content : moduleChildren(item, "content", "encoded")) {
                html(content).ifPresent(contents::add);
            }
            for (Element content : moduleChildren(item, "atom", "content")) {
                construct(content).ifPresent(contents::add);
            }
            for (Element body : moduleChildren(item, "xhtml", "body")) {
                inner(body).filter(s -> !s.isBlank()).ifPresent(contents::add);
            }
            for (String name : new String[] {"body", "fullitem", "content"}) {
                for (Element body : children(item, name)) {
                    html(body).ifPresent(contents::add);
                }
            }
            if (summary.isEmpty()) {
                summary = moduleHtml(item, "itunes", "summary");
            }
        }
        if (summary.isEmpty()) {
            summary = mediaDescription(item);
        }
        if (summary.isEmpty() && !contents.isEmpty()) {
            summary = Optional.of(contents.get(0));
        }

        // author
        Optional<String> author = author(item);

        // dates
        Optional<Instant> issued = date(item, flags,
                kind == Kind.ATOM ? new String[][] {{"", "published"}, {"", "issued"}, {"dcterms", "issued"}}
                        : new String[][] {{"", "pubDate"}, {"atom", "published"}, {"dcterms", "issued"}, {"", "published"}, {"", "issued"}});
        Optional<Instant> updated = kind == Kind.CDF
                ? attr(item, "lastmod").flatMap(Dates::parse)
                : date(item, flags, kind == Kind.ATOM
                        ? new String[][] {{"", "updated"}, {"", "modified"}, {"dc", "date"}, {"dcterms", "modified"}}
                        : new String[][] {{"atom", "updated"}, {"dc", "date"}, {"dcterms", "modified"}, {"", "updated"}, {"", "modified"}});
        Optional<Instant> published = issued
                .or(() -> moduleText(item, "dc", "date").flatMap(Dates::parse))
                .or(() -> updated);
        for (Optional<Instant> d : List.of(published, updated)) {
            if (d.isPresent() && d.get().isAfter(now.plus(FUTURE_TOLERANCE))) {
                flags.add(ParsedItem.Flag.FUTURE_DATE);
            }
        }

        return new ParsedItem(
                guid,
                link,
                linkFromId,
                title,
                summary,
                contents.isEmpty() ? Optional.empty() : Optional.of(contents.get(0)),
                author,
                published,
                issued,
                updated,
                categories(item),
                enclosures(item),
                moduleText(item, "dc", "language").or(() -> Optional.ofNullable(item.getAttributeValue("lang", Namespace.XML_NAMESPACE)))
                        .map(String::strip).filter(s -> !s.isEmpty()),
                flags.isEmpty() ? Set.of() : Set.copyOf(flags));
    }

    private Optional<String> title(Element element) {
        if (kind == Kind.ATOM) {
            return construct(child(element, "title")).or(() -> mediaTitle(element));
        }
        return coreHtml(element, "title")
                .or(() -> moduleHtml(element, "dc", "title"))
                .or(() -> construct(moduleChild(element, "atom", "title")))
                .or(() -> mediaTitle(element));
    }

    private Optional<String> mediaTitle(Element item) {
        Element t = moduleChild(item, "media", "title");
        if (t == null) {
            Element group = moduleChild(item, "media", "group");
            t = group == null ? null : moduleChild(group, "media", "title");
        }
        return mediaText(t);
    }

    private Optional<String> mediaDescription(Element item) {
        Element t = moduleChild(item, "media", "description");
        if (t == null) {
            Element group = moduleChild(item, "media", "group");
            t = group == null ? null : moduleChild(group, "media", "description");
        }
        return mediaText(t);
    }

    /** Media RSS text: {@code type="plain"} (the default) or {@code type="html"}. */
    private Optional<String> mediaText(Element t) {
        if (t == null) {
            return Optional.empty();
        }
        return "html".equalsIgnoreCase(t.getAttributeValue("type")) ? html(t) : nonBlank(escape(t.getText().strip()));
    }

    /** An Atom-style {@code <link href>} written without the Atom namespace (feedparser reads those in RSS too). */
    private Optional<String> coreLinkHref(Element item) {
        for (Element e : children(item, "link")) {
            String rel = Optional.ofNullable(e.getAttributeValue("rel")).orElse("alternate").strip();
            Optional<String> href = attr(e, "href");
            if (rel.equals("alternate") && href.isPresent()) {
                return Optional.of(resolve(e, href.get()));
            }
        }
        return Optional.empty();
    }

    private Optional<String> author(Element item) {
        if (kind == Kind.ATOM) {
            Optional<String> a = person(child(item, "author"));
            return a.or(() -> moduleText(item, "dc", "creator")).or(() -> moduleText(item, "itunes", "author"));
        }
        return coreText(item, "author")
                .or(() -> moduleText(item, "dc", "creator"))
                .or(() -> moduleText(item, "dc", "author"))
                .or(() -> moduleText(item, "itunes", "author"))
                .or(() -> person(moduleChild(item, "atom", "author")));
    }

    private Optional<String> person(Element person) {
        if (person == null) {
            return Optional.empty();
        }
        Optional<String> name = coreTextAny(person, "name");
        Optional<String> email = coreTextAny(person, "email");
        if (name.isPresent() && email.isPresent()) {
            return Optional.of(name.get() + " (" + email.get() + ")");
        }
        if (name.isPresent() || email.isPresent()) {
            return name.or(() -> email);
        }
        return Optional.of(person.getTextNormalize()).filter(s -> !s.isEmpty());
    }

    private Optional<Instant> date(Element item, Set<ParsedItem.Flag> flags, String[][] candidates) {
        for (String[] candidate : candidates) {
            Optional<String> raw = candidate[0].isEmpty() ? coreText(item, candidate[1]) : moduleText(item, candidate[0], candidate[1]);
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

    private List<String> categories(Element item) {
        LinkedHashSet<String> out = new LinkedHashSet<>();
        for (Element e : item.getChildren()) {
            String module = module(e);
            String local = e.getName();
            if (isCore(module) && local.equalsIgnoreCase("category")) {
                if (kind == Kind.ATOM || e.getAttribute("term") != null) {
                    Optional<String> term = attr(e, "term").or(() -> attr(e, "label"));
                    term.ifPresent(out::add);
                } else {
                    add(out, e.getTextNormalize());
                }
            } else if (module.equals("atom") && local.equals("category")) {
                attr(e, "term").or(() -> attr(e, "label")).ifPresent(out::add);
            } else if (module.equals("dc") && local.equals("subject")) {
                add(out, e.getTextNormalize());
            } else if (module.equals("itunes") && local.equals("category")) {
                itunesCategories(e, out);
            } else if ((module.equals("itunes") || module.equals("media")) && local.equals("keywords")) {
                for (String keyword : e.getText().split(",")) {
                    add(out, keyword);
                }
            } else if (module.equals("media") && local.equals("category")) {
                add(out, e.getTextNormalize());
            } else if (module.equals("media") && local.equals("group")) {
                for (Element g : e.getChildren()) {
                    if (module(g).equals("media") && g.getName().equals("keywords")) {
                        for (String keyword : g.getText().split(",")) {
                            add(out, keyword);
                        }
                    } else if (module(g).equals("media") && g.getName().equals("category")) {
                        add(out, g.getTextNormalize());
                    }
                }
            }
        }
        return List.copyOf(out);
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

    private List<ParsedItem.Enclosure> enclosures(Element item) {
        List<ParsedItem.Enclosure> out = new ArrayList<>();
        List<ParsedItem.Enclosure> media = new ArrayList<>();
        for (Element e : item.getChildren()) {
            String module = module(e);
            String local = e.getName();
            if (kind != Kind.ATOM && isCore(module) && local.equalsIgnoreCase("enclosure")) {
                attr(e, "url").ifPresent(url -> out.add(new ParsedItem.Enclosure(resolve(e, url),
                        attr(e, "type"), attr(e, "length").flatMap(XmlFeedMapper::integer), ParsedItem.Source.ENCLOSURE)));
            } else if (local.equalsIgnoreCase("link") && (isCore(module) || module.equals("atom") || module.equals("atom03"))
                    && "enclosure".equals(e.getAttributeValue("rel"))) {
                attr(e, "href").or(() -> nonBlank(e.getTextNormalize())).ifPresent(url -> out.add(new ParsedItem.Enclosure(resolve(e, url),
                        attr(e, "type"), attr(e, "length").flatMap(XmlFeedMapper::integer), ParsedItem.Source.ENCLOSURE)));
            } else if (module.equals("media") && local.equals("content")) {
                mediaContent(e, media);
            } else if (module.equals("media") && local.equals("group")) {
                for (Element g : e.getChildren()) {
                    if (module(g).equals("media") && g.getName().equals("content")) {
                        mediaContent(g, media);
                    }
                }
            }
        }
        out.addAll(media);
        return List.copyOf(out);
    }

    private void mediaContent(Element e, List<ParsedItem.Enclosure> out) {
        attr(e, "url").ifPresent(url -> out.add(new ParsedItem.Enclosure(resolve(e, url),
                attr(e, "type").or(() -> attr(e, "medium")), attr(e, "fileSize").flatMap(XmlFeedMapper::integer),
                ParsedItem.Source.MEDIA_CONTENT)));
    }

    /** The {@code href}s of the feed-level Atom links with relation {@code rel} (WebSub discovery: hub, self), resolved. */
    private List<String> atomLinks(Element channel, String rel) {
        List<String> hrefs = new ArrayList<>();
        for (Element e : channel.getChildren()) {
            String module = module(e);
            boolean atomLink = kind == Kind.ATOM ? isCore(module) : module.equals("atom") || module.equals("atom03");
            if (!atomLink || !e.getName().equalsIgnoreCase("link")) {
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
    private Optional<String> alternateLink(Element parent) {
        String fallback = null;
        for (Element e : parent.getChildren()) {
            if (!e.getName().equalsIgnoreCase("link")) {
                continue;
            }
            String module = module(e);
            boolean atomLink = kind == Kind.ATOM ? isCore(module) : module.equals("atom") || module.equals("atom03");
            if (!atomLink) {
                continue;
            }
            String rel = Optional.ofNullable(e.getAttributeValue("rel")).map(String::strip).orElse("alternate");
            if (!rel.equals("alternate")) {
                continue;
            }
            Optional<String> href = attr(e, "href").or(() -> Optional.of(e.getTextNormalize()).filter(s -> !s.isEmpty()));
            if (href.isEmpty()) {
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

    // ---------------------------------------------------------------- text constructs

    /** An Atom text construct (title, summary, content) as HTML. */
    private Optional<String> construct(Element e) {
        if (e == null) {
            return Optional.empty();
        }
        String type = Optional.ofNullable(e.getAttributeValue("type")).map(t -> t.strip().toLowerCase(Locale.ROOT)).orElse("text");
        String mode = Optional.ofNullable(e.getAttributeValue("mode")).map(t -> t.strip().toLowerCase(Locale.ROOT)).orElse("");
        String value;
        boolean binaryType = type.contains("/") && !type.startsWith("text/") && !type.endsWith("xml");
        if (mode.equals("base64") || binaryType) {
            try {
                value = new String(Base64.getMimeDecoder().decode(e.getText().strip()), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException ex) {
                value = e.getText();
            }
            // Decoded base64 is read as HTML, as feedparser does: text/plain payloads are escaped.
            if (type.equals("text") || type.equals("text/plain")) {
                value = mode.equals("base64") ? value : escape(value);
            }
        } else if (mode.equals("xml") || type.equals("xhtml") || type.endsWith("+xml") || type.endsWith("/xml")) {
            value = inner(unwrapDiv(e)).orElse("");
        } else if (mode.equals("escaped") || isHtmlType(type)) {
            value = e.getChildren().isEmpty() ? e.getText() : inner(e).orElse("");
        } else if (e.getChildren().isEmpty()) {
            value = escape(e.getText());
        } else {
            value = inner(e).orElse("");
        }
        return nonBlank(value);
    }

    private static boolean isHtmlType(String type) {
        return type.equals("html") || type.equals("text/html");
    }

    private static Element unwrapDiv(Element e) {
        List<Element> children = e.getChildren();
        if (children.size() == 1 && children.get(0).getName().equalsIgnoreCase("div")) {
            boolean onlyWhitespaceAround = e.getContent().stream()
                    .allMatch(c -> c == children.get(0) || c.getValue().isBlank());
            if (onlyWhitespaceAround) {
                return children.get(0);
            }
        }
        return e;
    }

    /** An RSS element that may carry HTML: escaped text, CDATA, or (in broken feeds) raw markup. */
    private Optional<String> html(Element e) {
        if (e == null) {
            return Optional.empty();
        }
        return nonBlank(e.getChildren().isEmpty() ? e.getText() : inner(e).orElse(""));
    }

    private Optional<String> coreHtml(Element parent, String name) {
        return html(child(parent, name));
    }

    private Optional<String> moduleHtml(Element parent, String module, String name) {
        return html(moduleChild(parent, module, name));
    }

    private static final XMLOutputter INNER = new XMLOutputter(Format.getRawFormat().setOmitDeclaration(true)
            .setExpandEmptyElements(false));

    private static Optional<String> inner(Element e) {
        if (e == null) {
            return Optional.empty();
        }
        List<Content> content = e.getContent();
        String xml = INNER.outputString(content);
        return Optional.of(xml);
    }

    static String escape(String text) {
        StringBuilder out = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            String r = switch (c) {
                case '&' -> "&amp;";
                case '<' -> "&lt;";
                case '>' -> "&gt;";
                default -> null;
            };
            if (r != null) {
                if (out == null) {
                    out = new StringBuilder(text.length() + 16).append(text, 0, i);
                }
                out.append(r);
            } else if (out != null) {
                out.append(c);
            }
        }
        return out == null ? text : out.toString();
    }

    // ---------------------------------------------------------------- tree helpers

    private static String module(Element e) {
        return Namespaces.module(e.getNamespaceURI());
    }

    /** The feed's own vocabulary: no namespace or an unknown one; for Atom also the Atom namespaces. */
    boolean isCore(String module) {
        return module.isEmpty() || (kind == Kind.ATOM && (module.equals("atom") || module.equals("atom03")));
    }

    Element child(Element parent, String name) {
        for (Element e : parent.getChildren()) {
            if (e.getName().equalsIgnoreCase(name) && isCore(module(e))) {
                return e;
            }
        }
        return null;
    }

    List<Element> children(Element parent, String name) {
        List<Element> out = new ArrayList<>();
        for (Element e : parent.getChildren()) {
            if (e.getName().equalsIgnoreCase(name) && isCore(module(e))) {
                out.add(e);
            }
        }
        return out;
    }

    private static Element moduleChild(Element parent, String module, String name) {
        for (Element e : parent.getChildren()) {
            if (e.getName().equalsIgnoreCase(name) && module(e).equals(module)) {
                return e;
            }
        }
        return null;
    }

    private static List<Element> moduleChildren(Element parent, String module, String name) {
        List<Element> out = new ArrayList<>(1);
        for (Element e : parent.getChildren()) {
            if (e.getName().equalsIgnoreCase(name) && module(e).equals(module)) {
                out.add(e);
            }
        }
        return out;
    }

    private Optional<String> coreText(Element parent, String name) {
        Element e = child(parent, name);
        return e == null ? Optional.empty() : nonBlank(e.getTextNormalize());
    }

    /** A child in any namespace (Atom person constructs inside RSS, ...). */
    private static Optional<String> coreTextAny(Element parent, String name) {
        for (Element e : parent.getChildren()) {
            if (e.getName().equalsIgnoreCase(name)) {
                return nonBlank(e.getTextNormalize());
            }
        }
        return Optional.empty();
    }

    private static Optional<String> moduleText(Element parent, String module, String name) {
        Element e = moduleChild(parent, module, name);
        return e == null ? Optional.empty() : nonBlank(e.getTextNormalize());
    }

    private static Optional<String> attr(Element e, String name) {
        String v = e.getAttributeValue(name);
        if (v == null) {
            v = attrIgnoreCase(e, name);
        }
        return v == null ? Optional.empty() : nonBlank(v.strip());
    }

    private static String attrIgnoreCase(Element e, String name) {
        for (Attribute a : e.getAttributes()) {
            if (a.getName().equalsIgnoreCase(name)) {
                return a.getValue();
            }
        }
        return null;
    }

    private static Optional<String> xmlLang(Element e) {
        return Optional.ofNullable(e.getAttributeValue("lang", Namespace.XML_NAMESPACE)).flatMap(XmlFeedMapper::nonBlank);
    }

    private static Optional<String> nonBlank(String s) {
        return s == null || s.isBlank() ? Optional.empty() : Optional.of(s);
    }

    private static Optional<Long> integer(String s) {
        try {
            return Optional.of(Long.parseLong(s.strip()));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static boolean isHttp(String url) {
        String l = url.toLowerCase(Locale.ROOT);
        return l.startsWith("http://") || l.startsWith("https://");
    }

    /** {@code value} resolved against the base URI in scope at {@code e}: xml:base chain, then the document's. */
    private String resolve(Element e, String value) {
        return Uris.resolve(base(e), value);
    }

    private Optional<URI> base(Element e) {
        List<String> bases = new ArrayList<>(2);
        for (Element p = e; p != null; p = p.getParentElement()) {
            String b = p.getAttributeValue("base", Namespace.XML_NAMESPACE);
            if (b == null && kind == Kind.CDF) {
                b = attrIgnoreCase(p, "base");
            }
            if (b != null) {
                bases.add(b);
            }
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
