package org.newsingest.dedupe;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.Set;
import java.util.regex.Pattern;
import org.newsingest.normalize.NormalizedItem;

/**
 * Recognises the same story republished by another outlet: same text under another URL, perhaps
 * with a credit line added. Two steps, because the cheap one alone is not reliable on the short
 * texts feeds carry:
 *
 * <ol>
 *   <li>a 64-bit SimHash over word pairs, stored with each item, finds candidates in the database
 *       (unrelated texts differ in about 32 bits, candidates in at most {@link #CANDIDATE_DISTANCE});
 *   <li>the candidates' texts are compared word pair by word pair: when at least
 *       {@link #MIN_CONTAINMENT} of the shorter text's pairs occur in the other, it is the same story.
 * </ol>
 *
 * <p>Short texts are never compared: hourly bulletins titled "Новости" with two sentences would
 * otherwise all look alike.
 */
public final class StoryFingerprint {

    /** SimHash distance (differing bits) within which stored items are compared in full. */
    public static final int CANDIDATE_DISTANCE = 16;

    /** Share of the shorter text's word pairs that must occur in the other text. */
    static final double MIN_CONTAINMENT = 0.8;

    static final int MIN_WORDS = 40;
    private static final Pattern WORD_SEPARATORS = Pattern.compile("[^\\p{L}\\p{N}]+");

    private StoryFingerprint() {}

    /** The text a story is compared on: its title and body (content, else summary). */
    public static String textOf(NormalizedItem item) {
        return textOf(item.title().orElse(null), item.contentText().or(item::summary).orElse(null));
    }

    public static String textOf(String title, String body) {
        return (title == null ? "" : title) + "\n" + (body == null ? "" : body);
    }

    /** The SimHash of {@code text}, or empty when it is too short to compare. */
    public static OptionalLong of(String text) {
        List<String> pairs = wordPairs(text);
        if (pairs.size() + 1 < MIN_WORDS) {
            return OptionalLong.empty();
        }
        int[] votes = new int[64];
        for (String pair : pairs) {
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
        Set<String> pairsA = new HashSet<>(wordPairs(a));
        Set<String> pairsB = new HashSet<>(wordPairs(b));
        if (pairsA.size() + 1 < MIN_WORDS || pairsB.size() + 1 < MIN_WORDS) {
            return false;
        }
        Set<String> smaller = pairsA.size() <= pairsB.size() ? pairsA : pairsB;
        Set<String> larger = smaller == pairsA ? pairsB : pairsA;
        long shared = smaller.stream().filter(larger::contains).count();
        return shared >= MIN_CONTAINMENT * smaller.size();
    }

    static int distance(long a, long b) {
        return Long.bitCount(a ^ b);
    }

    private static List<String> wordPairs(String text) {
        String folded = Normalizer.normalize(text, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
        List<String> words = new ArrayList<>();
        for (String word : WORD_SEPARATORS.split(folded)) {
            if (!word.isEmpty()) {
                words.add(word);
            }
        }
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
