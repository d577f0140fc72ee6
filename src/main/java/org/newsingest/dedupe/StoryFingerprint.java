package org.newsingest.dedupe;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.Set;
import org.newsingest.normalize.NormalizedItem;

/**
 * Recognises the same story republished by another outlet: the same text under another URL, with a
 * new headline, a credit line, a dateline, copy edits, a cut or a longer version. Two steps, because
 * the cheap one alone is not reliable on the short texts feeds carry:
 *
 * <ol>
 *   <li>a 64-bit SimHash over the word pairs of the first {@link #LEAD_WORDS} words of the body, stored
 *       with each item, finds candidates in the database: copies differ in at most 12 bits on the
 *       evaluation set, unrelated texts in about 32, candidates in at most {@link #CANDIDATE_DISTANCE}.
 *       The lead, not the whole text, so that a summary-only copy and the full article still meet;
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

    /**
     * SimHash distance (differing bits) within which stored items are compared in full. On the tuning
     * pairs copies differ in at most 12 bits and distinct stories in 17 or more (unrelated leads about
     * 32). Only a prefilter, so the margin goes to recall: the texts are compared anyway.
     */
    public static final int CANDIDATE_DISTANCE = 16;

    /**
     * Share of the shorter body's word pairs that must occur in the other body. On the tuning pairs copies
     * score 0.94 or more, distinct stories 0.79 at most (a short follow-up that reuses a background
     * paragraph); 0.85 is near the middle of that gap.
     */
    static final double MIN_CONTAINMENT = 0.85;

    /** Bodies shorter than this (one sentence) are never compared: too little text to tell stories apart. */
    static final int MIN_WORDS = 20;

    /** Words of the body the fingerprint is taken over: about the first sentence, which summaries keep. */
    static final int LEAD_WORDS = 24;

    /** Below this ratio of word pairs the shorter body is an excerpt (a summary) of the longer one. */
    static final double EXCERPT_RATIO = 0.5;

    private StoryFingerprint() {}

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

    /** The SimHash of the lead of {@code text}'s body, or empty when the body is too short to compare. */
    public static OptionalLong of(String text) {
        List<String> words = StoryText.bodyWords(text);
        if (words.size() < MIN_WORDS) {
            return OptionalLong.empty();
        }
        int[] votes = new int[64];
        for (String pair : wordPairs(words.subList(0, Math.min(LEAD_WORDS, words.size())))) {
            long hash = fnv1a64(pair);
            for (int bit = 0; bit < 64; bit++) {
                votes[bit] += ((hash >>> bit) & 1) == 1 ? 1 : -1;
            }
        }
        long fingerprint = 0;
        for (int bit = 0; bit < 64; bit++) {
            if (votes[bit] > 0) {
                fingerprint |= 1L << bit;
            }
        }
        return OptionalLong.of(fingerprint);
    }

    /** Whether two texts (each from {@link #textOf}) tell the same story. */
    public static boolean sameStory(String a, String b) {
        return compare(a, b) instanceof Match.Same;
    }

    /** Whether two texts (each from {@link #textOf}) tell the same story, and by which rule. */
    public static Match compare(String a, String b) {
        List<String> wordsA = StoryText.bodyWords(a);
        List<String> wordsB = StoryText.bodyWords(b);
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

    static int distance(long a, long b) {
        return Long.bitCount(a ^ b);
    }

    private static List<String> wordPairs(List<String> words) {
        List<String> pairs = new ArrayList<>(Math.max(0, words.size() - 1));
        for (int i = 0; i + 1 < words.size(); i++) {
            pairs.add(words.get(i) + ' ' + words.get(i + 1));
        }
        return pairs;
    }

    /** FNV-1a: fast, well spread, and the same on every JVM. */
    private static long fnv1a64(String value) {
        long hash = 0xcbf29ce484222325L;
        for (int i = 0; i < value.length(); i++) {
            hash ^= value.charAt(i);
            hash *= 0x100000001b3L;
        }
        return hash;
    }
}
