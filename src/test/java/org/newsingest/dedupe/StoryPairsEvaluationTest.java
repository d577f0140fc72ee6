package org.newsingest.dedupe;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Runs the store's similar-text decision (a candidate when the fingerprints share a band key, then
 * {@link StoryFingerprint#sameStory}) over every labelled pair in {@code dedupe/story-pairs.jsonl}
 * and prints precision and recall per category, per match rule and per split (tuning / held out).
 * The figures are quoted in docs/dedupe.md; rerun with {@code ./mvnw -o test -Dtest=StoryPairsEvaluationTest}.
 *
 * <p>Translations and summaries written anew are labelled the same story, but they share no wording
 * and a text rule cannot see them (identity and URL rules must): the bar is measured without these
 * {@link #RETOLD} categories, and their recall is printed apart.
 */
class StoryPairsEvaluationTest {

    /** Categories of the same story told in other words. */
    static final Set<String> RETOLD = Set.of("translated", "paraphrased-summary");
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

    /** What the store would decide for one pair, and why; shared bands -1 when a text is too short to fingerprint. */
    record Outcome(Pair pair, boolean merged, String how, int sharedBands, double containment) {
        boolean correct() {
            return merged == pair.same();
        }

        boolean retold() {
            return RETOLD.contains(pair.category());
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
                .contains("exact", "republished", "independent", GENERIC_TITLE, "translated");
        assertThat(outcomes).extracting(o -> o.pair().split()).containsOnly("tune", "holdout");
    }

    @Test
    void findsDuplicatesWithoutMergingDistinctStories() {
        Score all = Score.of(textCopies(o -> true));
        assertThat(all.recall()).as("recall on true duplicates, retold stories excluded").isGreaterThanOrEqualTo(0.95);
        assertThat(all.precision()).as("precision").isGreaterThanOrEqualTo(0.99);
    }

    @Test
    void holdsOnThePairsTheThresholdsWereNotTunedOn() {
        Score heldOut = Score.of(textCopies(o -> o.pair().split().equals("holdout")));
        assertThat(heldOut.recall()).as("held-out recall").isGreaterThanOrEqualTo(0.95);
        assertThat(heldOut.precision()).as("held-out precision").isGreaterThanOrEqualTo(0.99);
    }

    @Test
    void neverMergesBulletinsThatShareAGenericTitle() {
        assertThat(outcomes).filteredOn(o -> o.pair().category().equals(GENERIC_TITLE)).noneMatch(Outcome::merged);
    }

    /** The store's decision: both fingerprinted, sharing a band key, confirmed on the texts. */
    static Outcome decide(Pair pair) {
        String a = pair.a().text();
        String b = pair.b().text();
        Optional<StoryFingerprint.Fingerprint> fingerprintA = StoryFingerprint.of(a);
        Optional<StoryFingerprint.Fingerprint> fingerprintB = StoryFingerprint.of(b);
        StoryFingerprint.Match match = StoryFingerprint.compare(a, b);
        assertThat(StoryFingerprint.sameStory(a, b)).isEqualTo(match instanceof StoryFingerprint.Match.Same);
        if (fingerprintA.isEmpty() || fingerprintB.isEmpty()) {
            return new Outcome(pair, false, "too_short", -1, match.containment());
        }
        int shared = fingerprintA.get().shared(fingerprintB.get());
        if (shared == 0) {
            return new Outcome(pair, false, "not_candidate", shared, match.containment());
        }
        if (match instanceof StoryFingerprint.Match.Same same) {
            return new Outcome(pair, true, same.rule().wireName(), shared, match.containment());
        }
        StoryFingerprint.Match.Different different = (StoryFingerprint.Match.Different) match;
        return new Outcome(pair, false, different.reason().name().toLowerCase(Locale.ROOT), shared, match.containment());
    }

    static String report(List<Outcome> outcomes) {
        StringBuilder out = new StringBuilder("\nStory pairs evaluation (").append(outcomes.size()).append(" pairs)\n");
        out.append("\nBy category (merged / pairs, expected; range of shared band keys and containment):\n");
        Map<String, List<Outcome>> byCategory = group(outcomes, o -> o.pair().category());
        byCategory.forEach((category, list) -> out.append("  %-20s %3d / %3d merged, expected %-8s %2d wrong   bands %s   containment %s%n".formatted(
                category, list.stream().filter(Outcome::merged).count(), list.size(), list.get(0).pair().same() ? "merge," : "no merge,",
                list.stream().filter(o -> !o.correct()).count(),
                range(list.stream().filter(o -> o.sharedBands() >= 0).mapToDouble(Outcome::sharedBands).toArray(), "%.0f"),
                range(list.stream().filter(o -> o.sharedBands() >= 0).mapToDouble(Outcome::containment).toArray(), "%.2f"))));
        out.append("\nBy republishing edit (merged / pairs):\n");
        group(outcomes.stream().filter(o -> o.pair().category().equals("republished")).toList(), o -> o.pair().note())
                .forEach((note, list) -> out.append("  %-30s %2d / %2d%n".formatted(note, list.stream().filter(Outcome::merged).count(), list.size())));
        out.append("\nBy match rule (merges it made, precision):\n");
        group(outcomes.stream().filter(Outcome::merged).toList(), Outcome::how).forEach((rule, list) -> out.append(
                "  %-14s %3d merges, precision %.3f%n".formatted(rule, list.size(), (double) list.stream().filter(Outcome::correct).count() / list.size())));
        out.append("\nMargins per split (text copies vs distinct stories, pairs long enough to fingerprint):\n");
        for (String split : List.of("tune", "holdout")) {
            List<Outcome> compared = outcomes.stream().filter(o -> o.pair().split().equals(split) && o.sharedBands() >= 0 && !o.retold()).toList();
            out.append("  %-8s copies: bands >= %.0f, containment >= %.2f   distinct: bands <= %.0f, containment <= %.2f%n".formatted(split,
                    compared.stream().filter(o -> o.pair().same()).mapToDouble(Outcome::sharedBands).min().orElse(0),
                    compared.stream().filter(o -> o.pair().same()).mapToDouble(Outcome::containment).min().orElse(0),
                    compared.stream().filter(o -> !o.pair().same()).mapToDouble(Outcome::sharedBands).max().orElse(0),
                    compared.stream().filter(o -> !o.pair().same()).mapToDouble(Outcome::containment).max().orElse(0)));
        }
        out.append("\nBy split: text copies (retold stories excluded), then everything\n");
        for (String split : List.of("tune", "holdout", "all")) {
            Predicate<Outcome> inSplit = o -> split.equals("all") || o.pair().split().equals(split);
            out.append("  %-8s %s%n  %-8s %s (retold included)%n".formatted(split, Score.of(textCopies(inSplit)), "",
                    Score.of(outcomes.stream().filter(inSplit).toList())));
        }
        out.append("\nWrong decisions (retold stories not listed):\n");
        outcomes.stream().filter(o -> !o.correct() && !o.retold()).forEach(o -> out.append("  %s %-8s %-12s %-30s %s, bands %d, containment %.2f%n"
                .formatted(o.pair().id(), o.pair().split(), o.pair().category(), o.pair().note(), o.how(), o.sharedBands(), o.containment())));
        return out.toString();
    }

    private static List<Outcome> textCopies(Predicate<Outcome> filter) {
        return outcomes.stream().filter(filter).filter(o -> !o.retold()).toList();
    }

    private static String range(double[] values, String format) {
        if (values.length == 0) {
            return "-";
        }
        return (format + "..." + format).formatted(Arrays.stream(values).min().getAsDouble(), Arrays.stream(values).max().getAsDouble());
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
