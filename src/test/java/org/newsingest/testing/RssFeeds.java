package org.newsingest.testing;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one builder of the small RSS 2.0 documents that tests serve: a channel with a title, a link, an optional
 * description and extra channel elements (hub and self links), then the items as given. Documents that test the
 * parser itself (broken, oddly encoded, hostile) stay written out in their tests, where the bytes are the point.
 */
public final class RssFeeds {

    public static final String ATOM = "http://www.w3.org/2005/Atom";
    public static final String CONTENT = "http://purl.org/rss/1.0/modules/content/";

    private final String title;
    private String link = "https://example.org/";
    private String description;
    private final Map<String, String> namespaces = new LinkedHashMap<>();
    private final List<String> channelElements = new ArrayList<>();
    private final List<String> items = new ArrayList<>();

    private RssFeeds(String title) {
        this.title = title;
    }

    /** A channel titled {@code title}, linking to https://example.org/ until {@link #link} says otherwise. */
    public static RssFeeds channel(String title) {
        return new RssFeeds(title);
    }

    /** An RSS 2.0 document of {@code items}. */
    public static String rss(String title, String... items) {
        return channel(title).items(List.of(items)).xml();
    }

    /** An RSS 2.0 item; a null GUID or date is left out. */
    public static String rssItem(String guid, String link, String title, String description, String published) {
        return "<item><title>%s</title><link>%s</link>%s%s<description>%s</description></item>".formatted(title, link,
                guid == null ? "" : "<guid isPermaLink=\"false\">" + guid + "</guid>", published == null ? "" : "<pubDate>" + published + "</pubDate>",
                description);
    }

    public RssFeeds link(String value) {
        link = value;
        return this;
    }

    public RssFeeds description(String value) {
        description = value;
        return this;
    }

    public RssFeeds namespace(String prefix, String uri) {
        namespaces.put(prefix, uri);
        return this;
    }

    /** An element of the channel itself, written before the items. */
    public RssFeeds element(String xml) {
        channelElements.add(xml);
        return this;
    }

    /** The WebSub links a publisher advertises: its hub and its own (self) URL. */
    public RssFeeds hub(String hub, String self) {
        return namespace("atom", ATOM).element("<atom:link rel=\"hub\" href=\"%s\"/><atom:link rel=\"self\" href=\"%s\"/>".formatted(hub, self));
    }

    public RssFeeds items(Collection<String> values) {
        items.addAll(values);
        return this;
    }

    public String xml() {
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<rss version=\"2.0\"");
        namespaces.forEach((prefix, uri) -> xml.append(" xmlns:").append(prefix).append("=\"").append(uri).append('"'));
        xml.append("><channel><title>").append(title).append("</title><link>").append(link).append("</link>");
        if (description != null) {
            xml.append("<description>").append(description).append("</description>");
        }
        channelElements.forEach(element -> xml.append('\n').append(element));
        items.forEach(item -> xml.append('\n').append(item));
        return xml.append("\n</channel></rss>").toString();
    }
}
