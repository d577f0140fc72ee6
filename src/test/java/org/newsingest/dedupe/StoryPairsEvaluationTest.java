package org.newsingest.dedupe;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Runs the store's similar-text decision (fingerprint within {@link StoryFingerprint#CANDIDATE_DISTANCE},
 * then {@link StoryFingerprint#sameStory}) over every labelled pair in {@code dedupe/story-pairs.jsonl}
 * and prints precision and recall per category, per match rule and per split (tuning / held out).
 * The figures are quoted in docs/dedupe.md; rerun with {@code ./mvnw -o test -Dtest=StoryPairsEvaluationTest}.
 *
 * <p>Translations are labelled the same story but the rule does not detect them: the bar is measured
 * without them, and their recall is printed apart.
 */
class StoryPairsEvaluationTest {

    static final String TRANSLATED = "translated";
    static final String GENERIC_TITLE = "generic-title";

    record Side(String title, String body, String outlet, String lang) {
        String text() {
            return StoryFingerprint.textOf(title, body);
        }
    }

    record Pair(String id, String category, String label, String split, String note, Side a, Side b) {
        boolean same() {
            return label.equals("same");
        }
    }

    /** What the store would decide for one pair, and why. */
    record Outcome(Pair pair, boolean merged, String how) {
        boolean correct() {
            return merged == pair.same();
        }
    }

    record Score(int truePositives, int falsePositives, int falseNegatives) {
        static Score of(List<Outcome> outcomes) {
            int tp = 0;
            int fp = 0;
            int fn = 0;
            for (Outcome o : outcomes) {
                if (o.merged() && o.pair().same()) {
                    tp++;
                } else if (o.merged()) {
                    fp++;
                } else if (o.pair().same()) {
                    fn++;
                }
            }
            return new Score(tp, fp, fn);
        }

        double precision() {
            return truePositives + falsePositives == 0 ? 1 : (double) truePositives / (truePositives + falsePositives);
        }

        double recall() {
            return truePositives + falseNegatives == 0 ? 1 : (double) truePositives / (truePositives + falseNegatives);
        }

        @Override
        public String toString() {
            return "precision %.3f (%d/%d)  recall %.3f (%d/%d)".formatted(precision(), truePositives, truePositives + falsePositives,
                    recall(), truePositives, truePositives + falseNegatives);
        }
    }

    static List<Outcome> outcomes;

    @BeforeAll
    static void decideEveryPair() throws IOException {
        outcomes = pairs().stream().map(StoryPairsEvaluationTest::decide).toList();
        System.out.println(report(outcomes));
    }

    @Test
    void theSetHasEveryKindOfPair() {
        assertThat(outcomes).hasSizeGreaterThanOrEqualTo(200);
        assertThat(outcomes).extracting(o -> o.pair().category())
                .contains("exact", "republished", "independent", GENERIC_TITLE, TRANSLATED);
        assertThat(outcomes).extracting(o -> o.pair().split()).containsOnly("tune", "holdout");
    }

    @Test
    void findsDuplicatesWithoutMergingDistinctStories() {
        Score all = Score.of(withoutTranslations(o -> true));
        assertThat(all.recall()).as("recall on true duplicates, translations excluded").isGreaterThanOrEqualTo(0.95);
        assertThat(all.precision()).as("precision").isGreaterThanOrEqualTo(0.99);
    }

    @Test
    void holdsOnThePairsTheThresholdsWereNotTunedOn() {
        Score heldOut = Score.of(withoutTranslations(o -> o.pair().split().equals("holdout")));
        assertThat(heldOut.recall()).as("held-out recall").isGreaterThanOrEqualTo(0.95);
        assertThat(heldOut.precision()).as("held-out precision").isGreaterThanOrEqualTo(0.99);
    }

    @Test
    void neverMergesBulletinsThatShareAGenericTitle() {
        assertThat(outcomes).filteredOn(o -> o.pair().category().equals(GENERIC_TITLE)).noneMatch(Outcome::merged);
    }

    /** The store's decision: both fingerprinted, within the candidate distance, confirmed on the texts. */
    static Outcome decide(Pair pair) {
        String a = pair.a().text();
        String b = pair.b().text();
        OptionalLong fingerprintA = StoryFingerprint.of(a);
        OptionalLong fingerprintB = StoryFingerprint.of(b);
        StoryFingerprint.Match match = StoryFingerprint.compare(a, b);
        assertThat(StoryFingerprint.sameStory(a, b)).isEqualTo(match instanceof StoryFingerprint.Match.Same);
        if (fingerprintA.isEmpty() || fingerprintB.isEmpty()) {
            return new Outcome(pair, false, "too_short");
        }
        int distance = StoryFingerprint.distance(fingerprintA.getAsLong(), fingerprintB.getAsLong());
        if (distance > StoryFingerprint.CANDIDATE_DISTANCE) {
            return new Outcome(pair, false, "not_candidate (distance %d, containment %.2f)".formatted(distance, match.containment()));
        }
        if (match instanceof StoryFingerprint.Match.Same same) {
            return new Outcome(pair, true, same.rule().wireName());
        }
        StoryFingerprint.Match.Different different = (StoryFingerprint.Match.Different) match;
        return new Outcome(pair, false, "%s (distance %d, containment %.2f)".formatted(
                different.reason().name().toLowerCase(Locale.ROOT), distance, different.containment()));
    }

    static String report(List<Outcome> outcomes) {
        StringBuilder out = new StringBuilder("\nStory pairs evaluation (").append(outcomes.size()).append(" pairs)\n");
        out.append("\nBy category (merged / pairs, expected):\n");
        Map<String, List<Outcome>> byCategory = group(outcomes, o -> o.pair().category());
        byCategory.forEach((category, list) -> out.append("  %-14s %3d / %3d merged, expected %s, %d wrong%n".formatted(category,
                list.stream().filter(Outcome::merged).count(), list.size(), list.get(0).pair().same() ? "merge" : "no merge",
                list.stream().filter(o -> !o.correct()).count())));
        out.append("\nBy republishing edit (merged / pairs):\n");
        group(outcomes.stream().filter(o -> o.pair().category().equals("republished")).toList(), o -> o.pair().note())
                .forEach((note, list) -> out.append("  %-30s %2d / %2d%n".formatted(note, list.stream().filter(Outcome::merged).count(), list.size())));
        out.append("\nBy match rule (merges it made, precision):\n");
        group(outcomes.stream().filter(Outcome::merged).toList(), Outcome::how).forEach((rule, list) -> out.append(
                "  %-14s %3d merges, precision %.3f%n".formatted(rule, list.size(), (double) list.stream().filter(Outcome::correct).count() / list.size())));
        out.append("\nBy split, translations excluded (translations alone: recall):\n");
        for (String split : List.of("tune", "holdout", "all")) {
            Predicate<Outcome> inSplit = o -> split.equals("all") || o.pair().split().equals(split);
            List<Outcome> translated = outcomes.stream().filter(inSplit).filter(o -> o.pair().category().equals(TRANSLATED)).toList();
            out.append("  %-8s %s   translations: recall %d/%d%n".formatted(split, Score.of(withoutTranslations(inSplit)),
                    translated.stream().filter(Outcome::merged).count(), translated.size()));
        }
        out.append("\nWrong decisions (translations not listed):\n");
        outcomes.stream().filter(o -> !o.correct() && !o.pair().category().equals(TRANSLATED)).forEach(o -> out.append(
                "  %s %-8s %-12s %-30s %s%n".formatted(o.pair().id(), o.pair().split(), o.pair().category(), o.pair().note(), o.how())));
        return out.toString();
    }

    private static List<Outcome> withoutTranslations(Predicate<Outcome> filter) {
        return outcomes.stream().filter(filter).filter(o -> !o.pair().category().equals(TRANSLATED)).toList();
    }

    private static <K> Map<K, List<Outcome>> group(List<Outcome> outcomes, java.util.function.Function<Outcome, K> key) {
        Map<K, List<Outcome>> groups = new TreeMap<>();
        outcomes.forEach(o -> groups.computeIfAbsent(key.apply(o), k -> new ArrayList<>()).add(o));
        return groups;
    }

    private static List<Pair> pairs() throws IOException {
        ObjectMapper json = new ObjectMapper();
        List<Pair> pairs = new ArrayList<>();
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(
                StoryPairsEvaluationTest.class.getResourceAsStream("/dedupe/story-pairs.jsonl"), StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                if (!line.isBlank()) {
                    pairs.add(json.readValue(line, Pair.class));
                }
            }
        }
        return pairs;
    }
}
