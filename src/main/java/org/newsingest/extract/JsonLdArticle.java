package org.newsingest.extract;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

/**
 * The page's schema.org article object from its JSON-LD blocks: the first node typed as an
 * article ({@code NewsArticle}, {@code Article}, {@code ReportageNewsArticle}, {@code BlogPosting}
 * and their kin), found at the top level, in an array, in an {@code @graph}, or as a page's
 * {@code mainEntity}. Blocks that are not valid JSON are skipped (pages often carry raw line
 * breaks or trailing commas in them: those are tolerated).
 */
final class JsonLdArticle {

    private static final Set<String> ARTICLE_TYPES = Set.of("NewsArticle", "Article", "ReportageNewsArticle", "BlogPosting",
            "AnalysisNewsArticle", "OpinionNewsArticle", "ReviewNewsArticle", "BackgroundNewsArticle", "LiveBlogPosting",
            "TechArticle", "Report", "SatiricalArticle", "AdvertiserContentArticle", "AskPublicNewsArticle", "ScholarlyArticle");
    private static final ObjectMapper LENIENT = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_UNESCAPED_CONTROL_CHARS, JsonReadFeature.ALLOW_TRAILING_COMMA,
                    JsonReadFeature.ALLOW_JAVA_COMMENTS, JsonReadFeature.ALLOW_SINGLE_QUOTES,
                    JsonReadFeature.ALLOW_BACKSLASH_ESCAPING_ANY_CHARACTER)
            .build();

    private final JsonNode node;

    private JsonLdArticle(JsonNode node) {
        this.node = node;
    }

    static Optional<JsonLdArticle> find(Document page) {
        for (Element script : page.select("script[type~=(?i)application/ld\\+json]")) {
            List<JsonNode> nodes = new ArrayList<>();
            try {
                collect(LENIENT.readTree(script.data()), nodes, 0);
            } catch (JsonProcessingException e) {
                continue; // a broken block says nothing; the next one may
            }
            for (JsonNode candidate : nodes) {
                if (isArticle(candidate)) {
                    return Optional.of(new JsonLdArticle(candidate));
                }
            }
        }
        return Optional.empty();
    }

    private static void collect(JsonNode node, List<JsonNode> into, int depth) {
        if (node == null || depth > 4) {
            return;
        }
        if (node.isArray()) {
            node.forEach(child -> collect(child, into, depth + 1));
        } else if (node.isObject()) {
            into.add(node);
            collect(node.get("@graph"), into, depth + 1);
            collect(node.get("mainEntity"), into, depth + 1);
        }
    }

    private static boolean isArticle(JsonNode node) {
        JsonNode type = node.path("@type");
        for (JsonNode one : type.isArray() ? type : List.of(type)) {
            String name = one.asText("");
            if (ARTICLE_TYPES.contains(name.substring(name.lastIndexOf('/') + 1))) {
                return true;
            }
        }
        return false;
    }

    Optional<String> headline() {
        return text(node.get("headline")).or(() -> text(node.get("name")));
    }

    /** One name, or several joined by ", ": a string, a Person/Organization, or an array of them. */
    Optional<String> author() {
        List<String> names = new ArrayList<>();
        JsonNode author = node.get("author");
        if (author != null) {
            for (JsonNode one : author.isArray() ? author : List.of(author)) {
                (one.isObject() ? text(one.get("name")) : text(one)).ifPresent(names::add);
            }
        }
        return names.isEmpty() ? Optional.empty() : Optional.of(String.join(", ", names));
    }

    Optional<String> datePublished() {
        return text(node.get("datePublished"));
    }

    Optional<String> dateModified() {
        return text(node.get("dateModified"));
    }

    /** The first image: a URL string, an ImageObject's url, or the first of an array of either. */
    Optional<String> image() {
        JsonNode images = node.get("image");
        JsonNode image = images != null && images.isArray() ? images.get(0) : images;
        if (image != null && image.isObject()) {
            return text(image.get("url")).or(() -> text(image.get("@id")));
        }
        return text(image);
    }

    Optional<String> section() {
        JsonNode section = node.get("articleSection");
        return text(section != null && section.isArray() && section.size() > 0 ? section.get(0) : section);
    }

    /** A comma-separated string or an array of strings. */
    List<String> keywords() {
        JsonNode keywords = node.get("keywords");
        List<String> found = new ArrayList<>();
        if (keywords == null) {
            return found;
        }
        for (JsonNode one : keywords.isArray() ? keywords : List.of(keywords)) {
            for (String word : one.asText("").split(",")) {
                if (!word.isBlank()) {
                    found.add(word.strip());
                }
            }
        }
        return found;
    }

    /** {@code isAccessibleForFree}: a boolean, or the strings "true"/"false" in any case. */
    Optional<Boolean> accessibleForFree() {
        JsonNode free = node.get("isAccessibleForFree");
        if (free == null || free.isNull()) {
            return Optional.empty();
        }
        if (free.isBoolean()) {
            return Optional.of(free.booleanValue());
        }
        String value = free.asText("").strip();
        if (value.equalsIgnoreCase("true") || value.equalsIgnoreCase("false")) {
            return Optional.of(Boolean.parseBoolean(value.toLowerCase(java.util.Locale.ROOT)));
        }
        return Optional.empty();
    }

    Optional<String> language() {
        return text(node.get("inLanguage"));
    }

    Optional<String> articleBody() {
        return text(node.get("articleBody"));
    }

    private static Optional<String> text(JsonNode value) {
        if (value == null || !value.isValueNode()) {
            return Optional.empty();
        }
        String text = value.asText("").strip();
        return text.isEmpty() ? Optional.empty() : Optional.of(text);
    }
}
