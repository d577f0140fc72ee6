package org.newsingest.publish;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.newsingest.config.IngestConfig;

/**
 * Where each event goes: {@code ingest.kafka-topic}, plus the extra topics that
 * {@code ingest.routing.routes} maps the event's topic ids to ({@code geo:UA=news.ukraine;iptc:sport=news.sport}).
 * Routes are read once at start-up; a malformed route stops the service.
 */
@Singleton
public class Routes {

    /** Kafka's own rule for topic names. */
    private static final Pattern KAFKA_TOPIC = Pattern.compile("[a-zA-Z0-9._-]{1,249}");

    private final String mainTopic;
    private final Map<String, List<String>> extraTopics;

    @Inject
    Routes(IngestConfig config) {
        this(config.kafkaTopic(), config.routing().routes().orElse(""));
    }

    Routes(String mainTopic, String routes) {
        this.mainTopic = mainTopic;
        this.extraTopics = parse(routes);
    }

    /** The topics an outbox row with these comma-separated topic ids goes to; the main topic first. */
    List<String> destinations(String topicIds) {
        if (extraTopics.isEmpty() || topicIds == null || topicIds.isEmpty()) {
            return List.of(mainTopic);
        }
        Set<String> destinations = new LinkedHashSet<>();
        destinations.add(mainTopic);
        for (String id : topicIds.split(",")) {
            destinations.addAll(extraTopics.getOrDefault(id.strip(), List.of()));
        }
        return List.copyOf(destinations);
    }

    /** Where every event goes. */
    String mainTopic() {
        return mainTopic;
    }

    Map<String, List<String>> routes() {
        return extraTopics;
    }

    /** {@code id=topic[,topic...]} entries separated by {@code ;}; whitespace around parts is ignored. */
    static Map<String, List<String>> parse(String routes) {
        Map<String, List<String>> parsed = new LinkedHashMap<>();
        for (String entry : routes.split(";")) {
            if (entry.isBlank()) {
                continue;
            }
            int equals = entry.lastIndexOf('=');
            String id = equals < 0 ? "" : entry.substring(0, equals).strip();
            if (id.isEmpty()) {
                throw new IllegalArgumentException("ingest.routing.routes: '" + entry.strip() + "' is not topic-id=kafka-topic");
            }
            List<String> topics = new ArrayList<>(parsed.getOrDefault(id, List.of()));
            for (String topic : entry.substring(equals + 1).split(",")) {
                String name = topic.strip();
                if (!KAFKA_TOPIC.matcher(name).matches()) {
                    throw new IllegalArgumentException("ingest.routing.routes: '" + name + "' (for " + id + ") is not a Kafka topic name");
                }
                if (!topics.contains(name)) {
                    topics.add(name);
                }
            }
            parsed.put(id, List.copyOf(topics));
        }
        return Map.copyOf(parsed);
    }
}
