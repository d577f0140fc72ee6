package org.newsingest.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.newsingest.publish.EventContract;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Checks a Kafka record against the public event contract: the CloudEvents headers of
 * DESIGN.md §5 and the body against {@code schema/item-event.schema.json}.
 */
public final class EventChecks {

    public static final Set<String> TYPES = Set.of("news.item.created", "news.item.updated");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonSchema SCHEMA = load(EventContract.SCHEMA_RESOURCE);

    private EventChecks() {}

    /** Everything wrong with {@code record}; empty when it keeps the contract. */
    public static List<String> problems(ConsumerRecord<String, byte[]> record) {
        List<String> problems = new ArrayList<>();
        Map<String, String> headers = headers(record);
        expect(problems, "1.0".equals(headers.get("ce_specversion")), "ce_specversion is not 1.0: " + headers.get("ce_specversion"));
        expect(problems, "application/json".equals(headers.get("content-type")), "content-type is not application/json");
        expect(problems, TYPES.contains(headers.get("ce_type")), "unknown ce_type " + headers.get("ce_type"));
        expect(problems, isUuid(headers.get("ce_id")), "ce_id is not a UUID: " + headers.get("ce_id"));
        expect(problems, isAbsoluteUri(headers.get("ce_source")), "ce_source is not an absolute URI: " + headers.get("ce_source"));
        expect(problems, record.key() != null && record.key().equals(headers.get("ce_subject")), "ce_subject differs from the key");
        expect(problems, isTime(headers.get("ce_time")), "ce_time is not an RFC 3339 time: " + headers.get("ce_time"));
        expect(problems, headers.containsKey("news_topics"), "no news_topics header");
        expect(problems, Objects.equals(headers.get("ce_newstopics"), headers.get("news_topics")),
                "ce_newstopics '" + headers.get("ce_newstopics") + "' differs from news_topics");
        expect(problems, EventContract.DATASCHEMA.equals(headers.get("ce_dataschema")), "ce_dataschema is " + headers.get("ce_dataschema"));
        JsonNode body;
        try {
            body = JSON.readTree(record.value());
        } catch (IOException e) {
            problems.add("body is not JSON: " + e.getMessage());
            return problems;
        }
        for (ValidationMessage message : SCHEMA.validate(body)) {
            problems.add("schema: " + message.getMessage());
        }
        expect(problems, body.path("itemId").asText().equals(record.key()), "itemId differs from the key");
        double minScore = ConfigProvider.getConfig().getOptionalValue("ingest.topics.min-score", Double.class).orElse(0.3);
        String topics = new ArrayList<JsonNode>() {{ body.path("topics").forEach(this::add); }}.stream()
                .filter(t -> t.path("score").asDouble() >= minScore)
                .map(t -> t.path("id").asText()).collect(Collectors.joining(","));
        expect(problems, topics.equals(headers.get("news_topics")),
                "news_topics '" + headers.get("news_topics") + "' is not the body's topics at or above " + minScore + " '" + topics + "'");
        if ("news.item.created".equals(headers.get("ce_type"))) {
            expect(problems, !body.has("changedFields"), "a created event has changedFields");
        }
        return problems;
    }

    /** Throws if {@code record} breaks the contract. */
    public static void assertValid(ConsumerRecord<String, byte[]> record) {
        List<String> problems = problems(record);
        if (!problems.isEmpty()) {
            throw new AssertionError("event at offset " + record.offset() + " breaks the contract: " + problems);
        }
    }

    public static Map<String, String> headers(ConsumerRecord<String, byte[]> record) {
        Map<String, String> headers = new HashMap<>();
        for (Header header : record.headers()) {
            headers.put(header.key(), new String(header.value(), StandardCharsets.UTF_8));
        }
        return headers;
    }

    private static void expect(List<String> problems, boolean ok, String problem) {
        if (!ok) {
            problems.add(problem);
        }
    }

    private static boolean isUuid(String value) {
        try {
            return value != null && UUID.fromString(value).toString().equals(value);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static boolean isAbsoluteUri(String value) {
        try {
            return value != null && URI.create(value).isAbsolute();
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static boolean isTime(String value) {
        try {
            return value != null && OffsetDateTime.parse(value) != null;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** A JSON Schema from the classpath, with format assertions on (as a strict consumer would). */
    public static JsonSchema load(String resource) {
        try (InputStream in = EventChecks.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is not on the classpath");
            }
            SchemaValidatorsConfig config = SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();
            return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in, config);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
