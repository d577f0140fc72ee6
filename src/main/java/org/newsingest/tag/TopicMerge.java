package org.newsingest.tag;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Topics of a story that grow as it is seen in more outlets: the union by topic id, keeping the
 * higher-scored instance of a topic both sides have. Relies on {@link Topic#id()} and
 * {@link Topic#score()} only, so whatever else a topic carries travels with it unchanged.
 */
public final class TopicMerge {

    private TopicMerge() {}

    /** {@code stored} with every topic of {@code seen} it lacks or scored lower; stored order first. */
    public static List<Topic> merge(List<Topic> stored, List<Topic> seen) {
        Map<String, Topic> byId = new LinkedHashMap<>();
        for (Topic topic : stored) {
            byId.merge(topic.id(), topic, TopicMerge::higher);
        }
        for (Topic topic : seen) {
            byId.merge(topic.id(), topic, TopicMerge::higher);
        }
        return new ArrayList<>(byId.values());
    }

    /** Whether {@link #merge} would change {@code stored}: a topic it lacks, or a higher score. */
    public static boolean grows(List<Topic> stored, List<Topic> seen) {
        return !merge(stored, seen).equals(stored);
    }

    private static Topic higher(Topic kept, Topic other) {
        return other.score() > kept.score() ? other : kept;
    }
}
