package org.newsingest.publish;

/** Names of the public event contract that code outside this package refers to. */
public final class EventContract {

    /** The event body's JSON Schema, on the classpath (and in the repository under src/main/resources). */
    public static final String SCHEMA_RESOURCE = "schema/item-event.schema.json";

    /** Comma-separated topic ids, so consumers can filter without parsing the body. */
    public static final String TOPICS_HEADER = EventRecords.TOPICS_HEADER;

    private EventContract() {}
}
