package org.newsingest.dedupe;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.newsingest.normalize.NormalizedItem;

/**
 * Recognises the same story republished by another outlet: the same text under another URL, with a
 * new headline, a credit line, a dateline, copy edits, a cut or a longer version. Two steps, because
 * comparing a new item with every stored one does not scale and a cheap signature alone is not
 * reliable on the short texts feeds carry:
 *
 * <ol>
 *   <li>{@link #of} computes {@link #BANDS} band keys (MinHash locality-sensitive hashing) over the word
 *       pairs of the first {@link #LEAD_WORDS} words of the body; they are stored with each item and
 *       indexed, so the stored items that share a band key with a new item are found by an index lookup,
 *       whatever the size of the store. Two leads whose word pairs overlap by a Jaccard similarity
 *       {@code J} share a band with probability {@code 1 - (1 - J^ROWS)^BANDS}: 0.99 at {@code J = 0.7},
 *       0.95 at 0.6, about 10<sup>-4</sup> for unrelated leads that share one common word pair. The
 *       lead, not the whole text, so that a summary-only copy and the full article still meet;
 *   <li>the candidates' bodies are compared word pair by word pair ({@link #compare}): when at least
 *       {@link #MIN_CONTAINMENT} of the shorter body's pairs occur in the other, it is the same story.
 * </ol>
 *
 * <p>Both steps read the body only, without title and without credit lines and other additions
 * ({@link StoryText}). Bodies shorter than {@link #MIN_WORDS} words are never compared.
 *
 * <p>The thresholds were measured on the labelled pairs in {@code src/test/resources/dedupe/story-pairs.jsonl}
 * (see {@code StoryPairsEvaluationTest} and docs/dedupe.md). Translations and summaries rewritten in
 * other words are not detected: they share too little wording.
 */
public final class StoryFingerprint {

    /** Band keys per text: more bands find copies with less wording in common, and cost one index entry each. */
    public static final int BANDS = 12;

    /**
     * MinHash values combined into one band key: each row makes a chance match of unrelated leads (which
     * share a common word pair or two) rarer by a factor of about 50, and a copy's match a little less sure.
     */
    static final int ROWS = 3;

    /**
     * Share of the shorter body's word pairs that must occur in the other body. On the tuning pairs copies
     * score 0.94 or more, distinct stories 0.79 at most (a short follow-up that reuses a background
     * paragraph); 0.85 is near the middle of that gap.
     */
    static final double MIN_CONTAINMENT = 0.85;

    /** Bodies shorter than this (one sentence) are never compared: too little text to tell stories apart. */
    static final int MIN_WORDS = 20;

    /** Words of the body the band keys are taken over: about the first sentence, which summaries keep. */
    static final int LEAD_WORDS = 24;

    /** Below this ratio of word pairs the shorter body is an excerpt (a summary) of the longer one. */
    static final double EXCERPT_RATIO = 0.5;

    /** One seed per MinHash function; fixed, so stored band keys stay comparable across releases. */
    private static final long[] SEEDS = seeds(BANDS * ROWS);

    private StoryFingerprint() {}

    /**
     * The band keys of a text: stored items sharing at least one with a new item are its candidates.
     * Keys are opaque 64-bit values, distinct per band.
     */
    public record Fingerprint(long[] bands) {

        /** How many band keys two fingerprints share: more shared bands, more wording in common. */
        public int shared(Fingerprint other) {
            int shared = 0;
            for (int band = 0; band < bands.length; band++) {
                if (bands[band] == other.bands[band]) {
                    shared++;
                }
            }
            return shared;
        }
    }

    /** Why two texts are, or are not, the same story. */
    public sealed interface Match {

        /** The containment measured: the share of the shorter body's word pairs found in the other. */
        double containment();

        record Same(Rule rule, double containment) implements Match {}

        record Different(Reason reason, double containment) implements Match {}
    }

    /** The rule that recognised a copy. */
    public enum Rule {
        /** The same words in the same order, once additions are removed. */
        IDENTICAL_TEXT,
        /** Nearly all word pairs shared by bodies of similar length: an edited copy. */
        NEAR_COPY,
        /** The shorter body (a summary or lead) occurs in a body more than twice its length. */
        EXCERPT;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Why texts were not matched. */
    public enum Reason {
        TOO_SHORT,
        DIFFERENT_TEXT
    }

    /** The text a story is compared on: its title and body (content, else summary). */
    public static String textOf(NormalizedItem item) {
        return textOf(item.title().orElse(null), item.contentText().or(item::summary).orElse(null));
    }

    /** Title on the first line, body after it: {@link StoryText} relies on that layout. */
    public static String textOf(String title, String body) {
        return (title == null ? "" : title) + "\n" + (body == null ? "" : body);
    }

    /** The band keys of the lead of {@code text}'s body, or empty when the body is too short to compare. */
    public static Optional<Fingerprint> of(String text) {
        List<String> words = StoryText.bodyWords(text);
        if (words.size() < MIN_WORDS) {
            return Optional.empty();
        }
        long[] minima = new long[SEEDS.length];
        Arrays.fill(minima, Long.MAX_VALUE);
        for (String pair : new HashSet<>(wordPairs(words.subList(0, Math.min(LEAD_WORDS, words.size()))))) {
            long hash = fnv1a64(pair);
            for (int function = 0; function < SEEDS.length; function++) {
                minima[function] = Math.min(minima[function], mix(hash ^ SEEDS[function]));
            }
        }
        long[] bands = new long[BANDS];
        for (int band = 0; band < BANDS; band++) {
            long key = band;
            for (int row = 0; row < ROWS; row++) {
                key = mix(key * 31 + minima[band * ROWS + row]);
            }
            bands[band] = key;
        }
        return Optional.of(new Fingerprint(bands));
    }

    /** A text's body words ({@link StoryText}), worked out once when the text is compared with several others. */
    public record Body(List<String> words) {

        /** The body of {@code text}, a text from {@link #textOf}. */
        public static Body of(String text) {
            return new Body(StoryText.bodyWords(text));
        }
    }

    /** Whether two texts (each from {@link #textOf}) tell the same story. */
    public static boolean sameStory(String a, String b) {
        return sameStory(Body.of(a), Body.of(b));
    }

    /** Whether two bodies tell the same story. */
    public static boolean sameStory(Body a, Body b) {
        return compare(a, b) instanceof Match.Same;
    }

    /** Whether two texts (each from {@link #textOf}) tell the same story, and by which rule. */
    public static Match compare(String a, String b) {
        return compare(Body.of(a), Body.of(b));
    }

    /** Whether two bodies tell the same story, and by which rule. */
    public static Match compare(Body a, Body b) {
        List<String> wordsA = a.words();
        List<String> wordsB = b.words();
        if (wordsA.size() < MIN_WORDS || wordsB.size() < MIN_WORDS) {
            return new Match.Different(Reason.TOO_SHORT, 0);
        }
        if (wordsA.equals(wordsB)) {
            return new Match.Same(Rule.IDENTICAL_TEXT, 1);
        }
        Set<String> pairsA = new HashSet<>(wordPairs(wordsA));
        Set<String> pairsB = new HashSet<>(wordPairs(wordsB));
        Set<String> smaller = pairsA.size() <= pairsB.size() ? pairsA : pairsB;
        Set<String> larger = smaller == pairsA ? pairsB : pairsA;
        double containment = (double) smaller.stream().filter(larger::contains).count() / smaller.size();
        if (containment < MIN_CONTAINMENT) {
            return new Match.Different(Reason.DIFFERENT_TEXT, containment);
        }
        return new Match.Same(smaller.size() < EXCERPT_RATIO * larger.size() ? Rule.EXCERPT : Rule.NEAR_COPY, containment);
    }

    private static List<String> wordPairs(List<String> words) {
        List<String> pairs = new ArrayList<>(Math.max(0, words.size() - 1));
        for (int i = 0; i + 1 < words.size(); i++) {
            pairs.add(words.get(i) + ' ' + words.get(i + 1));
        }
        return pairs;
    }

    /** FNV-1a: fast, and the same on every JVM. */
    private static long fnv1a64(String value) {
        long hash = 0xcbf29ce484222325L;
        for (int i = 0; i < value.length(); i++) {
            hash ^= value.charAt(i);
            hash *= 0x100000001b3L;
        }
        return hash;
    }

    /** The finaliser of MurmurHash3: spreads every input bit over the whole word, so XOR with a seed gives an independent function. */
    private static long mix(long value) {
        long h = value;
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h;
    }

    private static long[] seeds(int count) {
        long[] seeds = new long[count];
        long state = 0x6e6577732d696e67L;
        for (int i = 0; i < count; i++) {
            state += 0x9e3779b97f4a7c15L;
            seeds[i] = mix(state);
        }
        return seeds;
    }
}
