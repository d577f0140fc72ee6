package org.newsingest.feed;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.parser.Parser;
import org.newsingest.fetch.UrlSecrets;
import org.newsingest.filter.FeedFilters;

/**
 * Reads and writes feed lists: YAML ({@code feeds: [{url, title, tags, pollInterval, extract, filters, headers, userAgent, sitemapUrl, proxy}]}) and OPML 2.0.
 * OPML goes through jsoup's XML parser, which never resolves entities or DTDs.
 */
public final class FeedLists {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private FeedLists() {}

    /** Parses YAML or OPML, told apart by content; throws {@link InvalidFeedListException} with the reason. */
    public static List<FeedListEntry> parse(byte[] document) {
        String text = new String(document, StandardCharsets.UTF_8).strip();
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        return text.startsWith("<") ? parseOpml(text) : parseYaml(text);
    }

    static List<FeedListEntry> parseYaml(String text) {
        JsonNode root;
        try {
            root = YAML.readTree(text);
        } catch (IOException e) {
            throw new InvalidFeedListException("not valid YAML: " + e.getMessage());
        }
        JsonNode feeds = root == null ? null : root.get("feeds");
        if (feeds == null || !feeds.isArray()) {
            throw new InvalidFeedListException("a YAML feed list needs a top-level 'feeds' list");
        }
        List<FeedListEntry> entries = new ArrayList<>();
        for (JsonNode feed : feeds) {
            String url = feed.path("url").asText("").strip();
            if (url.isEmpty()) {
                throw new InvalidFeedListException("feed #" + (entries.size() + 1) + " has no url");
            }
            List<String> tags = new ArrayList<>();
            feed.path("tags").forEach(tag -> tags.add(tag.asText()));
            Optional<Duration> interval = Optional.ofNullable(feed.get("pollInterval")).map(JsonNode::asText).map(FeedLists::duration);
            entries.add(new FeedListEntry(url, Optional.ofNullable(feed.get("title")).map(JsonNode::asText), tags, interval,
                    feed.path("extract").asBoolean(true), sources(feed)));
        }
        return entries;
    }

    static List<FeedListEntry> parseOpml(String text) {
        Document document = Jsoup.parse(text, "", Parser.xmlParser());
        if (document.selectFirst("opml") == null) {
            throw new InvalidFeedListException("an XML feed list must be OPML (<opml> root)");
        }
        List<FeedListEntry> entries = new ArrayList<>();
        for (Element outline : document.select("outline[xmlUrl]")) {
            List<String> tags = new ArrayList<>();
            for (Element parent : outline.parents()) {
                if (parent.nameIs("outline") && !parent.hasAttr("xmlUrl")) {
                    String folder = parent.attr("title").isBlank() ? parent.attr("text") : parent.attr("title");
                    if (!folder.isBlank()) {
                        tags.add(0, folder.strip());
                    }
                }
            }
            Arrays.stream(outline.attr("category").split("[,/]")).map(String::strip).filter(s -> !s.isEmpty()).forEach(tags::add);
            String title = outline.attr("title").isBlank() ? outline.attr("text") : outline.attr("title");
            entries.add(new FeedListEntry(outline.attr("xmlUrl").strip(), Optional.of(title.strip()).filter(s -> !s.isEmpty()), tags, Optional.empty()));
        }
        return entries;
    }

    /** An OPML 2.0 document listing {@code feeds}, tags as the {@code category} attribute. */
    public static String toOpml(List<Feed> feeds) {
        Document document = Jsoup.parse("<?xml version=\"1.0\" encoding=\"UTF-8\"?><opml version=\"2.0\"><head><title>news-ingest feeds</title></head><body></body></opml>", "", Parser.xmlParser());
        Element body = document.selectFirst("body");
        for (Feed feed : feeds) {
            Element outline = body.appendElement("outline")
                    .attr("type", "rss")
                    .attr("text", feed.title == null ? UrlSecrets.redacted(feed.url) : feed.title)
                    .attr("xmlUrl", UrlSecrets.redacted(feed.url));
            if (feed.title != null) {
                outline.attr("title", feed.title);
            }
            if (!feed.tags.isEmpty()) {
                outline.attr("category", String.join(",", feed.tags));
            }
        }
        document.outputSettings().prettyPrint(true);
        return document.outerHtml();
    }

    /** {@code filters: {keep: [...], block: [...]}} of one listed feed. */
    private static SourceSettings sources(JsonNode feed) {
        JsonNode filters = feed.get("filters");
        JsonNode headers = feed.get("headers");
        Optional<Map<String, String>> headerMap = Optional.empty();
        if (headers != null && headers.isObject()) {
            Map<String, String> values = new LinkedHashMap<>();
            headers.fields().forEachRemaining(header -> values.put(header.getKey(), header.getValue().asText()));
            headerMap = Optional.of(values);
        }
        return new SourceSettings(
                filters == null || filters.isNull() ? Optional.empty()
                        : Optional.of(new FeedFilters(strings(filters.path("keep")), strings(filters.path("block")))),
                headerMap,
                Optional.ofNullable(feed.get("userAgent")).map(JsonNode::asText),
                Optional.ofNullable(feed.get("sitemapUrl")).map(JsonNode::asText),
                Optional.ofNullable(feed.get("proxy")).map(JsonNode::asText));
    }

    private static List<String> strings(JsonNode list) {
        List<String> values = new ArrayList<>();
        list.forEach(value -> values.add(value.asText()));
        return values;
    }

    private static Duration duration(String value) {
        try {
            return Duration.parse(value);
        } catch (DateTimeParseException e) {
            throw new InvalidFeedListException("pollInterval '" + value + "' is not an ISO-8601 duration such as PT15M");
        }
    }

    /** A feed list that cannot be used, with the reason. */
    public static class InvalidFeedListException extends RuntimeException {
        public InvalidFeedListException(String message) {
            super(message);
        }
    }
}
