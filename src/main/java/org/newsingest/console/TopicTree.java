package org.newsingest.console;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.newsingest.config.IngestConfig;
import org.newsingest.tag.Taxonomy;
import org.newsingest.tag.TopicTagger;

/**
 * The taxonomy as a tree with item counts over 24 hours and 7 days. The counts expand every
 * topic of a week's items, so they are kept for a minute: the page stays fast with a million
 * items and the database is asked at most once a minute however often it is opened.
 */
@ApplicationScoped
public class TopicTree {

    static final Duration COUNTS_KEPT = Duration.ofMinutes(1);

    private final TopicTagger tagger;
    private final ConsoleItems items;
    private final double minScore;
    private volatile Map<String, long[]> counts;
    private volatile Instant countedAt = Instant.EPOCH;

    TopicTree(TopicTagger tagger, ConsoleItems items, IngestConfig config) {
        this.tagger = tagger;
        this.items = items;
        this.minScore = config.topics().minScore();
    }

    Views.TopicsPage page() {
        Map<String, long[]> current = counts();
        List<Taxonomy.Entry> entries = tagger.taxonomy().entries();
        Map<String, List<Taxonomy.Entry>> children = entries.stream().filter(e -> e.parent().isPresent())
                .collect(Collectors.groupingBy(e -> e.parent().get(), LinkedHashMap::new, Collectors.toList()));
        List<Views.TopicRow> rows = new ArrayList<>();
        entries.stream().filter(e -> e.parent().isEmpty()).forEach(root -> addTree(root, 0, children, current, rows));
        return new Views.TopicsPage(rows, tagger.taxonomy().origin());
    }

    private static void addTree(Taxonomy.Entry entry, int depth, Map<String, List<Taxonomy.Entry>> children, Map<String, long[]> current,
                                List<Views.TopicRow> rows) {
        long[] n = current.getOrDefault(entry.id(), new long[2]);
        rows.add(new Views.TopicRow(entry.id(), entry.label("en"), depth, n[0], n[1], "/console/items?topic=" + FeedListLinks.encode(entry.id())));
        children.getOrDefault(entry.id(), List.of()).forEach(child -> addTree(child, depth + 1, children, current, rows));
    }

    private Map<String, long[]> counts() {
        if (counts == null || countedAt.plus(COUNTS_KEPT).isBefore(Instant.now())) {
            counts = items.topicCounts(minScore);
            countedAt = Instant.now();
        }
        return counts;
    }
}
