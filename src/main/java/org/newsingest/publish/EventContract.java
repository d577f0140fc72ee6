package org.newsingest.publish;

/** Names of the public event contract that code outside this package refers to. */
public final class EventContract {

    /** The event body's JSON Schema, on the classpath (and in the repository under src/main/resources). */
    public static final String SCHEMA_RESOURCE = "schema/item-event.schema.json";

    /** Comma-separated topic ids, so consumers can filter without parsing the body. */
    public static final String TOPICS_HEADER = EventRecords.TOPICS_HEADER;

    /** The CloudEvents extension attribute with the same topic ids (Kafka header {@code ce_newstopics}). */
    public static final String TOPICS_EXTENSION = EventRecords.TOPICS_EXTENSION;

    /** The {@code dataschema} attribute of every event: the schema's {@code $id}. */
    public static final String DATASCHEMA = EventRecords.DATASCHEMA.toString();

    /** The AsyncAPI 3 document of the event topic, on the classpath; served at {@code GET /api/v1/asyncapi}. */
    public static final String ASYNCAPI_RESOURCE = "schema/asyncapi.yaml";

    private EventContract() {}
}
