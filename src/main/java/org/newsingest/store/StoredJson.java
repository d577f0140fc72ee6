package org.newsingest.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import org.newsingest.tag.Topic;

/**
 * The JSON this service writes into item columns ({@code topics}, {@code enclosures},
 * {@code extraction}) and reads back: one place for the store, the retag and the extract stage,
 * with the service's own mapper. Until {@code Item.topics} is mapped as a typed list, the callers
 * go through here instead of each keeping a copy.
 */
@ApplicationScoped
public class StoredJson {

    private static final TypeReference<List<Topic>> TOPICS = new TypeReference<>() {};

    private final ObjectMapper json;

    StoredJson(ObjectMapper json) {
        this.json = json;
    }

    /** The topics of an item's {@code topics} column. */
    public List<Topic> topics(String stored) {
        try {
            return json.readValue(stored, TOPICS);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored topics were written by this service", e);
        }
    }

    /** A value (records, lists, maps of them) as the JSON a column stores. */
    public String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("records always serialise", e);
        }
    }
}
