package org.newsingest.tag;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Precision, recall and F1 of the default taxonomy on the hand-labelled evaluation set in
 * {@code src/test/resources/topics/}. Expected topics are the labels plus their ancestors; predicted
 * topics are those at or above the default {@code ingest.topics.min-score}; {@code category:*}
 * pass-through ids are outside the taxonomy and not counted. Asserts the issue's bar: micro-F1 at
 * least 0.85 and no topic with precision below 0.7. {@code -Dtopics.eval.verbose=true} prints every miss.
 */
class TopicEvaluationTest {

    /** The default of {@code ingest.topics.min-score}. */
    static final double MIN_SCORE = 0.3;
    /** The issue's bar: no topic of the default taxonomy has precision below this on the set. */
    static final double MIN_PRECISION = 0.7;

    record Item(String id, String lang, String outlet, List<String> categories, String title, String body, List<String> topics) {}

    record Outcome(Item item, String split, Set<String> expected, Set<String> predicted) {}

    /** True and false positives and false negatives. */
    static final class Counts {
        int tp;
        int fp;
        int fn;

        double precision() {
            return tp + fp == 0 ? 1 : (double) tp / (tp + fp);
        }

        double recall() {
            return tp + fn == 0 ? 1 : (double) tp / (tp + fn);
        }

        double f1() {
            double p = precision();
            double r = recall();
            return p + r == 0 ? 0 : 2 * p * r / (p + r);
        }
    }

    private static List<Outcome> evaluate(TopicTagger tagger, double minScore) throws IOException {
        Taxonomy taxonomy = tagger.taxonomy();
        List<Outcome> outcomes = new ArrayList<>();
        for (String split : List.of("dev", "heldout", "heldout-2", "heldout-3")) {
            for (Item item : read("topics/evaluation-" + split + ".yaml")) {
                for (String label : item.topics()) {
                    assertThat(taxonomy.find(label)).as(item.id() + " is labelled with an id the taxonomy lacks: " + label).isPresent();
                }
                Set<String> expected = new TreeSet<>();
                item.topics().forEach(label -> expected.addAll(withAncestors(taxonomy, label)));
                Set<String> predicted = tagger.tag(new TopicTagger.Text(item.title(), item.body(), item.categories(), Optional.of(item.lang())), List.of())
                        .stream()
                        .filter(topic -> topic.score() >= minScore && !topic.id().startsWith("category:"))
                        .map(Topic::id)
                        .collect(Collectors.toCollection(TreeSet::new));
                outcomes.add(new Outcome(item, split, expected, predicted));
            }
        }
        return outcomes;
    }

    @Test
    void defaultTaxonomyMeetsTheTargetsOnTheEvaluationSet() throws IOException {
        TopicTagger tagger = new TopicTagger(TaxonomyFile.defaults());
        StringBuilder sweep = new StringBuilder("micro-F1 by min-score:");
        for (int percent = 10; percent <= 70; percent += 5) {
            sweep.append(String.format(" %.2f→%.3f", percent / 100.0, micro(evaluate(tagger, percent / 100.0)).f1()));
        }
        List<Outcome> outcomes = evaluate(tagger, MIN_SCORE);
        StringBuilder report = new StringBuilder();
        report.append(String.format("topic evaluation: %d items, min-score %.2f%n%s%n", outcomes.size(), MIN_SCORE, sweep));
        report.append(String.format("%-28s %5s %6s %6s %6s   %6s %6s %6s%n", "slice", "items", "microP", "microR", "microF1", "macroP", "macroR", "macroF1"));
        line(report, "all", outcomes);
        slices(report, outcomes, Outcome::split, "split");
        slices(report, outcomes, o -> o.item().lang(), "lang");
        slices(report, outcomes, o -> o.item().outlet(), "outlet");
        slices(report, outcomes, o -> o.item().categories() == null || o.item().categories().isEmpty() ? "without categories" : "with categories", "categories");
        Map<String, Counts> byTopic = byTopic(outcomes);
        report.append(String.format("%nper topic (support = labelled items):%n%-30s %7s %9s %7s %7s%n", "topic", "support", "predicted", "P", "R"));
        byTopic.forEach((topic, counts) -> report.append(String.format("%-30s %7d %9d %7.3f %7.3f%n",
                topic, counts.tp + counts.fn, counts.tp + counts.fp, counts.precision(), counts.recall())));
        if (Boolean.getBoolean("topics.eval.verbose")) {
            for (Outcome outcome : outcomes) {
                Set<String> missing = new TreeSet<>(outcome.expected());
                missing.removeAll(outcome.predicted());
                Set<String> extra = new TreeSet<>(outcome.predicted());
                extra.removeAll(outcome.expected());
                if (!missing.isEmpty() || !extra.isEmpty()) {
                    report.append(String.format("%s missing %s extra %s  | %s%n", outcome.item().id(), missing, extra, outcome.item().title()));
                }
            }
        }
        System.out.println(report);

        List<String> imprecise = byTopic.entrySet().stream().filter(e -> e.getValue().precision() < MIN_PRECISION)
                .map(e -> e.getKey() + " " + e.getValue().tp + "/" + (e.getValue().tp + e.getValue().fp)).toList();
        System.out.println("topics with precision below " + MIN_PRECISION + ": " + imprecise);

        assertThat(micro(outcomes).f1()).as("micro-F1 over the whole set").isGreaterThanOrEqualTo(0.85);
        // Every topic the tagger predicts, however rarely: one wrong prediction out of one or two is
        // a real error on the set, and the remedy for a noisy figure is more items naming the topic
        // (part 3 was written for that), not an exemption. A topic never predicted has no false positive.
        assertThat(imprecise).as("topics with precision below " + MIN_PRECISION + " (correct/predicted)").isEmpty();
    }

    private static Set<String> withAncestors(Taxonomy taxonomy, String id) {
        Set<String> ids = new HashSet<>();
        Optional<String> next = Optional.of(id);
        while (next.isPresent()) {
            ids.add(next.get());
            next = taxonomy.find(next.get()).flatMap(Taxonomy.Entry::parent);
        }
        return ids;
    }

    private static void slices(StringBuilder report, List<Outcome> outcomes, Function<Outcome, String> key, String name) {
        new TreeMap<>(outcomes.stream().collect(Collectors.groupingBy(key))).forEach((value, slice) -> line(report, name + "=" + value, slice));
    }

    private static void line(StringBuilder report, String slice, List<Outcome> outcomes) {
        Counts micro = micro(outcomes);
        Map<String, Counts> topics = byTopic(outcomes);
        double macroP = topics.values().stream().mapToDouble(Counts::precision).average().orElse(0);
        double macroR = topics.values().stream().mapToDouble(Counts::recall).average().orElse(0);
        double macroF1 = topics.values().stream().mapToDouble(Counts::f1).average().orElse(0);
        report.append(String.format("%-28s %5d %6.3f %6.3f %6.3f   %6.3f %6.3f %6.3f%n",
                slice, outcomes.size(), micro.precision(), micro.recall(), micro.f1(), macroP, macroR, macroF1));
    }

    private static Counts micro(List<Outcome> outcomes) {
        Counts counts = new Counts();
        byTopic(outcomes).values().forEach(topic -> {
            counts.tp += topic.tp;
            counts.fp += topic.fp;
            counts.fn += topic.fn;
        });
        return counts;
    }

    private static Map<String, Counts> byTopic(List<Outcome> outcomes) {
        Map<String, Counts> topics = new TreeMap<>();
        for (Outcome outcome : outcomes) {
            Set<String> all = new TreeSet<>(outcome.expected());
            all.addAll(outcome.predicted());
            for (String topic : all) {
                Counts counts = topics.computeIfAbsent(topic, t -> new Counts());
                boolean expected = outcome.expected().contains(topic);
                boolean predicted = outcome.predicted().contains(topic);
                if (expected && predicted) {
                    counts.tp++;
                } else if (predicted) {
                    counts.fp++;
                } else {
                    counts.fn++;
                }
            }
        }
        return topics;
    }

    private static List<Item> read(String resource) throws IOException {
        try (InputStream in = TopicEvaluationTest.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                return List.of();
            }
            return new YAMLMapper().readValue(in, new TypeReference<List<Item>>() {}).stream()
                    .map(item -> new Item(item.id(), item.lang(), item.outlet(), item.categories() == null ? List.of() : item.categories(),
                            item.title(), item.body(), item.topics()))
                    .toList();
        }
    }
}
