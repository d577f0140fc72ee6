package org.newsingest.publish;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.newsingest.testing.EventChecks;

/**
 * The event schema evolves compatibly: the current schema accepts every document the first
 * published one (src/test/resources/schema/item-event.v1.schema.json) accepted, and more (unknown
 * properties, new optional ones). That events produced now pass the current schema is checked on
 * every event the tests consume ({@link EventChecks}).
 */
class SchemaCompatibilityTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PREVIOUS = "schema/item-event.v1.schema.json";

    @Test
    void everyOldConstraintIsKeptAndOnlyOptionalPropertiesWereAdded() throws IOException {
        JsonNode previous = withoutAnnotations(read(PREVIOUS));
        JsonNode current = withoutAnnotations(read(EventContract.SCHEMA_RESOURCE));
        removeAll(previous, "additionalProperties");

        // Every document valid under v1 is valid now: the same constraints at every level, plus
        // properties v1 did not name, none of them required.
        assertThat(differences(previous, current, "$")).isEmpty();
        assertThat(read(EventContract.SCHEMA_RESOURCE).toString()).doesNotContain("additionalProperties");
    }

    /** Where {@code current} constrains more than {@code previous} (ignoring added optional properties). */
    private static List<String> differences(JsonNode previous, JsonNode current, String path) {
        List<String> differences = new ArrayList<>();
        if (!(previous instanceof ObjectNode old) || !(current instanceof ObjectNode now)) {
            if (!previous.equals(current)) {
                differences.add(path + ": " + previous + " became " + current);
            }
            return differences;
        }
        now.fieldNames().forEachRemaining(keyword -> {
            if (!old.has(keyword)) {
                differences.add(path + ": new constraint '" + keyword + "'");
            }
        });
        old.fields().forEachRemaining(field -> {
            String keyword = field.getKey();
            if (!now.has(keyword)) {
                return; // a constraint removed accepts more
            }
            if (keyword.equals("properties")) {
                field.getValue().fields().forEachRemaining(property -> differences.addAll(
                        differences(property.getValue(), now.get("properties").path(property.getKey()), path + "." + property.getKey())));
            } else {
                differences.addAll(differences(field.getValue(), now.get(keyword), path + "/" + keyword));
            }
        });
        return differences;
    }

    @Test
    void unknownPropertiesAreAcceptedAtEveryLevelThatTheOldSchemaRejected() throws IOException {
        JsonSchema previous = EventChecks.load(PREVIOUS);
        JsonSchema current = EventChecks.load(EventContract.SCHEMA_RESOURCE);
        ObjectNode event = sampleEvent();
        assertThat(previous.validate(event)).isEmpty();
        assertThat(current.validate(event)).isEmpty();

        for (ObjectNode level : new ObjectNode[] {
                event, (ObjectNode) event.get("feed"), (ObjectNode) event.get("topics").get(0), (ObjectNode) event.get("enclosures").get(0)}) {
            level.put("addedLater", "a field of a future version");
            assertThat(current.validate(event)).isEmpty();
            assertThat(previous.validate(event)).isNotEmpty();
            level.remove("addedLater");
        }
    }

    @Test
    void theDataschemaAttributeIsTheSchemasId() throws IOException {
        assertThat(read(EventContract.SCHEMA_RESOURCE).get("$id").asText()).isEqualTo(EventContract.DATASCHEMA);
    }

    private static ObjectNode sampleEvent() {
        ObjectNode event = JSON.createObjectNode()
                .put("itemId", "0b9f3c8e-5d6a-4f1e-9a2b-3c4d5e6f7a8b")
                .put("storyId", "0b9f3c8e-5d6a-4f1e-9a2b-3c4d5e6f7a8b")
                .put("revision", 1)
                .put("url", "https://www.rferl.org/a/story/1.html")
                .put("title", "A story")
                .put("firstSeenAt", "2026-11-28T09:30:00Z");
        event.putObject("feed").put("id", 1).put("url", "https://www.rferl.org/api/feed");
        event.putArray("categories").add("Ukraine");
        event.putArray("topics").addObject().put("id", "geo:UA").put("label", "Ukraine").put("source", "category").put("score", 1.0);
        ArrayNode enclosures = event.putArray("enclosures");
        enclosures.addObject().put("url", "https://www.rferl.org/a/story/1.jpg").put("type", "image/jpeg");
        return event;
    }

    private static JsonNode read(String resource) throws IOException {
        try (InputStream in = SchemaCompatibilityTest.class.getClassLoader().getResourceAsStream(resource)) {
            return JSON.readTree(in);
        }
    }

    /** Descriptions and the schema's title document; they constrain nothing. ("title" is also a property name.) */
    private static JsonNode withoutAnnotations(JsonNode schema) {
        removeAll(schema, "description");
        removeAll(schema, "examples");
        ((ObjectNode) schema).remove("title");
        return schema;
    }

    private static void removeAll(JsonNode node, String keyword) {
        if (node instanceof ObjectNode object) {
            object.remove(keyword);
            for (Iterator<Map.Entry<String, JsonNode>> fields = object.fields(); fields.hasNext(); ) {
                removeAll(fields.next().getValue(), keyword);
            }
        } else if (node instanceof ArrayNode array) {
            array.forEach(element -> removeAll(element, keyword));
        }
    }
}
