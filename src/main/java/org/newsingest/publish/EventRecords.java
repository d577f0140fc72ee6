package org.newsingest.publish;

import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.kafka.KafkaMessageFactory;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import org.apache.kafka.clients.producer.ProducerRecord;

/** Turns an outbox row into its Kafka record: CloudEvents 1.0 in binary mode, keyed by item id. */
final class EventRecords {

    /** Comma-separated topic ids, so consumers can filter without parsing the body. */
    static final String TOPICS_HEADER = "news_topics";

    /**
     * The same topic ids as a CloudEvents extension attribute (header {@code ce_newstopics}), which
     * CloudEvents SDKs and Knative triggers can filter on; {@link #TOPICS_HEADER} stays for existing consumers.
     */
    static final String TOPICS_EXTENSION = "newstopics";

    /** The {@code $id} of schema/item-event.schema.json: stable while the schema stays compatible. */
    static final URI DATASCHEMA = URI.create("https://github.com/news-ingest/news-ingest/schema/item-event/1.json");

    private EventRecords() {}

    static ProducerRecord<String, byte[]> toRecord(String topic, OutboxEvent row) {
        CloudEvent event = CloudEventBuilder.v1()
                .withId(row.eventId.toString())
                .withSource(URI.create(row.source))
                .withType(row.eventType)
                .withSubject(row.subject)
                .withTime(row.createdAt.atOffset(ZoneOffset.UTC))
                .withDataContentType("application/json")
                .withDataSchema(DATASCHEMA)
                .withExtension(TOPICS_EXTENSION, row.topics)
                .withData(row.payload.getBytes(StandardCharsets.UTF_8))
                .build();
        ProducerRecord<String, byte[]> record = KafkaMessageFactory.createWriter(topic, row.subject).writeBinary(event);
        record.headers().add(TOPICS_HEADER, row.topics.getBytes(StandardCharsets.UTF_8));
        return record;
    }
}
