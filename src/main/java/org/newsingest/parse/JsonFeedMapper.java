package org.newsingest.parse;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.core.JsonFactory;
import java.io.IOException;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** JSON Feed 1.0 and 1.1 (https://jsonfeed.org/version/1.1) into the same records as XML feeds. */
final class JsonFeedMapper {

    private static final ObjectMapper JSON = new ObjectMapper(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(64).maxStringLength(20_000_000).build())
            .build())
            .configure(JsonParser.Feature.ALLOW_COMMENTS, true);

    private JsonFeedMapper() {}

    /** True when the text is a JSON object that names a jsonfeed.org version. */
    static boolean looksLikeJsonFeed(String text) {
        int i = 0;
        while (i < text.length() && Character.isWhitespace(text.charAt(i))) {
            i++;
        }
        return i < text.length() && text.charAt(i) == '{' && text.indexOf("jsonfeed.org/version/", i) > 0;
    }

    static ParseResult map(String text, FeedContext context, String encoding, List<String> warnings, int maxEntries) {
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (IOException e) {
            return new ParseResult.Failed(org.newsingest.feed.PollError.PARSE_ERROR, "invalid JSON Feed: " + e.getMessage());
        }
        if (root == null || !root.isObject() || !root.path("items").isArray()) {
            return new ParseResult.Failed(org.newsingest.feed.PollError.NOT_A_FEED, "JSON without a JSON Feed items array");
        }
        String version = text(root, "version").orElse("");
        String format = version.endsWith("/1") ? "json_feed_1.0" : version.endsWith("/1.1") ? "json_feed_1.1" : "json_feed";
        Optional<URI> base = context.baseUri();
        Instant now = Instant.now();
        Optional<String> feedLanguage = text(root, "language").or(context::contentLanguage);
        List<ParsedItem> items = new ArrayList<>();
        int entries = 0;
        for (JsonNode item : root.path("items")) {
            if (!item.isObject()) {
                continue;
            }
            if (++entries > maxEntries) {
                continue; // counted, not built
            }
            Set<ParsedItem.Flag> flags = EnumSet.noneOf(ParsedItem.Flag.class);
            Optional<String> id = item.hasNonNull("id") && item.get("id").isValueNode()
                    ? Optional.of(item.get("id").asText().strip()).filter(s -> !s.isEmpty()) : Optional.empty();
            Optional<String> link = text(item, "url").map(u -> Uris.resolve(base, u));
            boolean fromId = false;
            if (link.isEmpty() && id.isPresent() && id.get().matches("(?i)https?://.*")) {
                link = id;
                fromId = true;
            }
            Optional<String> contentHtml = text(item, "content_html")
                    .or(() -> text(item, "content_text").map(TextConstructs::escape));
            Optional<String> summary = text(item, "summary").map(TextConstructs::escape);
            Optional<Instant> published = date(item, "date_published", flags);
            Optional<Instant> updated = date(item, "date_modified", flags);
            for (Optional<Instant> d : List.of(published, updated)) {
                if (d.isPresent() && d.get().isAfter(now.plusSeconds(86_400))) {
                    flags.add(ParsedItem.Flag.FUTURE_DATE);
                }
            }
            LinkedHashSet<String> tags = new LinkedHashSet<>();
            for (JsonNode tag : item.path("tags")) {
                if (tag.isValueNode() && !tag.asText().isBlank()) {
                    tags.add(tag.asText().strip());
                }
            }
            List<ParsedItem.Enclosure> enclosures = new ArrayList<>();
            for (JsonNode attachment : item.path("attachments")) {
                text(attachment, "url").ifPresent(u -> enclosures.add(new ParsedItem.Enclosure(
                        Uris.resolve(base, u), text(attachment, "mime_type"),
                        attachment.path("size_in_bytes").canConvertToLong() ? Optional.of(attachment.path("size_in_bytes").asLong()) : Optional.empty(),
                        ParsedItem.Source.ENCLOSURE)));
            }
            text(item, "image").ifPresent(u -> enclosures.add(new ParsedItem.Enclosure(
                    Uris.resolve(base, u), Optional.empty(), Optional.empty(), ParsedItem.Source.MEDIA_CONTENT)));
            items.add(new ParsedItem(
                    id,
                    link,
                    fromId,
                    text(item, "title").map(TextConstructs::escape),
                    summary.or(() -> contentHtml),
                    contentHtml,
                    author(item).or(() -> author(root)),
                    published.or(() -> updated),
                    published,
                    updated,
                    List.copyOf(tags),
                    List.copyOf(enclosures),
                    text(item, "language"),
                    flags.isEmpty() ? Set.of() : Set.copyOf(flags)));
        }
        return new ParseResult.Parsed(new ParsedFeed(
                format,
                text(root, "title").map(TextConstructs::escape),
                text(root, "home_page_url").map(u -> Uris.resolve(base, u)),
                feedLanguage,
                Optional.empty(),
                Optional.empty(),
                encoding,
                List.copyOf(warnings),
                List.copyOf(items),
                entries,
                hubs(root, base),
                text(root, "feed_url").map(u -> Uris.resolve(base, u))));
    }

    /** JSON Feed {@code hubs}: the WebSub ones (the spec's example type), resolved, in document order. */
    private static List<String> hubs(JsonNode root, Optional<URI> base) {
        List<String> hubs = new ArrayList<>();
        for (JsonNode hub : root.path("hubs")) {
            boolean webSub = text(hub, "type").map(type -> type.equalsIgnoreCase("WebSub")).orElse(true);
            text(hub, "url").filter(url -> webSub).map(u -> Uris.resolve(base, u)).filter(u -> !hubs.contains(u)).ifPresent(hubs::add);
        }
        return List.copyOf(hubs);
    }

    private static Optional<String> author(JsonNode node) {
        for (JsonNode author : node.path("authors")) {
            Optional<String> name = text(author, "name");
            if (name.isPresent()) {
                return name;
            }
        }
        return text(node.path("author"), "name");
    }

    private static Optional<Instant> date(JsonNode node, String field, Set<ParsedItem.Flag> flags) {
        Optional<String> raw = text(node, field);
        if (raw.isEmpty()) {
            return Optional.empty();
        }
        Optional<Instant> value = Dates.parse(raw.get());
        if (value.isEmpty()) {
            flags.add(ParsedItem.Flag.UNREADABLE_DATE);
        }
        return value;
    }

    private static Optional<String> text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isValueNode() || value.isNull()) {
            return Optional.empty();
        }
        String s = value.asText().strip();
        return s.isEmpty() ? Optional.empty() : Optional.of(s);
    }
}
