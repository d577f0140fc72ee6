package org.newsingest.tag;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Every rule of the taxonomy compiled into one trie over folded text, walked from each word start.
 * Because every rule is anchored at a word boundary, this finds exactly what an Aho–Corasick
 * automaton would keep after the boundary check, without the failure links: a walk stops at the
 * first char no rule continues with, which in prose is one to three chars into most words. Runs of
 * separators count as one, so {@code U.S.-led} and {@code медаль «За отвагу»} match plain rules.
 * Transitions live in one open-addressing table keyed by (node, char), so matching allocates
 * nothing but the hits.
 */
final class PhraseTrie {

    /** How a rule treats letter case in the original text. */
    enum Casing {
        /** Any case. */
        ANY,
        /** The first letter must be upper case: proper names ({@code Chad}, {@code Того}), not words. */
        CAPITAL,
        /** Letters exactly as written: acronyms that are also words ({@code US}, {@code UK}). */
        EXACT
    }

    /** What a rule's hit says. */
    enum Kind {
        /** Evidence for its topic. */
        MATCH,
        /** Weaker evidence for its topic: a word naming a person's role (a teacher is not yet an education story). */
        ROLE,
        /** Cancels its topic's hits it overlaps. */
        EXCLUSION,
        /** Makes a place mention right before it an attribute ({@code Brazilian} forward); no topic. */
        ATTRIBUTE_AFTER,
        /** Makes a place mention right after it an attribute (museum in {@code London}); no topic. */
        ATTRIBUTE_BEFORE
    }

    /**
     * One compiled rule.
     *
     * @param topic index of the topic it is evidence for (or against, for an exclusion); -1 for attribute contexts
     * @param stem whether the last word may continue with more letters (inflection)
     * @param written the rule as written, whose letters and digits {@link Casing#EXACT} compares
     */
    record Rule(int topic, boolean stem, Casing casing, Kind kind, String written) {

        boolean exclusion() {
            return kind == Kind.EXCLUSION;
        }

        boolean attribute() {
            return kind == Kind.ATTRIBUTE_AFTER || kind == Kind.ATTRIBUTE_BEFORE;
        }
    }

    /**
     * A rule found at {@code [start, end)} of the text; {@code matched} chars of it are the rule's
     * own (the rest is the inflection a stem allowed), so the more specific of two rules can win.
     */
    record Hit(Rule rule, int start, int end, int matched) {}

    private static final int ROOT = 0;
    /** Edge label for "the rest of this word, whatever it is": a stem inside a phrase. */
    static final char INFLECTION = '\uFFFF';

    private long[] keys = new long[1 << 12];
    private int[] targets = new int[1 << 12];
    private int size;
    private int nodes = 1;
    private final List<List<Rule>> outputsBuilding = new ArrayList<>(List.of(new ArrayList<>()));
    private Rule[][] outputs;
    /** Per node, where its {@link #INFLECTION} edge leads (-1: none), looked up at every char of a walk. */
    private int[] inflections;

    PhraseTrie() {
        Arrays.fill(keys, -1);
    }

    /** Adds {@code rule} under its folded phrase; phrases that fold to nothing are ignored. */
    void add(String foldedPhrase, Rule rule) {
        if (foldedPhrase.isEmpty()) {
            return;
        }
        int node = ROOT;
        for (int i = 0; i < foldedPhrase.length(); i++) {
            char c = foldedPhrase.charAt(i);
            int next = next(node, c);
            if (next < 0) {
                next = nodes++;
                outputsBuilding.add(new ArrayList<>());
                put(node, c, next);
            }
            node = next;
        }
        outputsBuilding.get(node).add(rule);
    }

    /** Freezes the trie; call once after the last {@link #add}. */
    PhraseTrie compile() {
        outputs = new Rule[nodes][];
        for (int i = 0; i < nodes; i++) {
            outputs[i] = outputsBuilding.get(i).toArray(Rule[]::new);
        }
        outputsBuilding.clear();
        inflections = new int[nodes];
        for (int node = 0; node < nodes; node++) {
            inflections[node] = next(node, INFLECTION);
        }
        return this;
    }

    int size() {
        return nodes;
    }

    /** Every rule occurrence in {@code text}, whose folded form is {@code folded}. */
    List<Hit> find(String text, char[] folded) {
        List<Hit> hits = new ArrayList<>();
        for (int start = 0; start < folded.length; start++) {
            if (TextFold.isWord(folded[start]) && (start == 0 || !TextFold.isWord(folded[start - 1]))) {
                walk(text, folded, start, ROOT, start, hits);
            }
        }
        return hits;
    }

    /**
     * Follows the trie from {@code node} at {@code i}. Where a rule has a stem inside a phrase
     * ({@code полномасштабн* вторжени*}), a {@link #INFLECTION} edge skips the rest of the word.
     */
    private void walk(String text, char[] folded, int start, int node, int i, List<Hit> hits) {
        for (; i < folded.length; i++) {
            if (folded[i] == ' ' && folded[i - 1] == ' ') {
                continue;
            }
            int inflected = inflections[node];
            if (inflected >= 0) { // the rest of the word, which may be nothing ("dispute* over pay" matches "dispute over pay")
                int wordEnd = i;
                while (wordEnd < folded.length && TextFold.isWord(folded[wordEnd])) {
                    wordEnd++;
                }
                walk(text, folded, start, inflected, wordEnd, hits);
            }
            node = next(node, folded[i]);
            if (node < 0) {
                return;
            }
            for (Rule rule : outputs[node]) {
                int end = end(rule, folded, i + 1);
                if (end >= 0 && cased(rule, text, start)) {
                    hits.add(new Hit(rule, start, end, i + 1 - start));
                }
            }
        }
    }

    /** Where the match ends, or -1 when a whole-word rule stops inside a word. */
    private static int end(Rule rule, char[] folded, int end) {
        boolean inWord = end < folded.length && TextFold.isWord(folded[end]) && TextFold.isWord(folded[end - 1]);
        if (!inWord) {
            return end;
        }
        if (!rule.stem()) {
            return -1;
        }
        while (end < folded.length && TextFold.isWord(folded[end])) {
            end++;
        }
        return end;
    }

    private static boolean cased(Rule rule, String text, int start) {
        return switch (rule.casing()) {
            case ANY -> true;
            case CAPITAL -> Character.isUpperCase(text.charAt(start));
            case EXACT -> {
                String written = rule.written();
                int at = start;
                for (int k = 0; k < written.length(); k++) {
                    char expected = written.charAt(k);
                    if (!Character.isLetterOrDigit(expected)) {
                        continue;
                    }
                    while (at < text.length() && !Character.isLetterOrDigit(text.charAt(at))) {
                        at++;
                    }
                    if (at >= text.length() || text.charAt(at++) != expected) {
                        yield false;
                    }
                }
                yield true;
            }
        };
    }

    private int next(int node, char c) {
        long key = ((long) node << 16) | c;
        int mask = keys.length - 1;
        for (int slot = hash(key) & mask; ; slot = (slot + 1) & mask) {
            if (keys[slot] == key) {
                return targets[slot];
            }
            if (keys[slot] == -1) {
                return -1;
            }
        }
    }

    private void put(int node, char c, int target) {
        if ((size + 1) * 2 > keys.length) {
            grow();
        }
        long key = ((long) node << 16) | c;
        int mask = keys.length - 1;
        int slot = hash(key) & mask;
        while (keys[slot] != -1) {
            slot = (slot + 1) & mask;
        }
        keys[slot] = key;
        targets[slot] = target;
        size++;
    }

    private void grow() {
        long[] oldKeys = keys;
        int[] oldTargets = targets;
        keys = new long[oldKeys.length * 2];
        targets = new int[oldKeys.length * 2];
        Arrays.fill(keys, -1);
        int mask = keys.length - 1;
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldKeys[i] != -1) {
                int slot = hash(oldKeys[i]) & mask;
                while (keys[slot] != -1) {
                    slot = (slot + 1) & mask;
                }
                keys[slot] = oldKeys[i];
                targets[slot] = oldTargets[i];
            }
        }
    }

    private static int hash(long key) {
        long h = key * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 29));
    }
}
