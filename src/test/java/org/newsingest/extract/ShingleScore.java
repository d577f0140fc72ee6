package org.newsingest.extract;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The article-extraction benchmark's metric, ported from its {@code score.py}: word tokens as
 * Python's Unicode {@code \w+} finds them; every run of four tokens a shingle (a text under four
 * tokens is one shingle), counted as a multiset; per page, true positives, false positives and
 * false negatives divided by their sum; precision the mean over pages that predicted something,
 * recall the mean over pages whose truth is not empty, F1 their harmonic mean; "exact" the share
 * of pages whose token sequence equals the truth's.
 */
final class ShingleScore {

    private static final int N = 4;

    record Page(String id, double tp, double fp, double fn, boolean exact) {}

    record Result(int pages, double f1, double precision, double recall, double exact, List<Page> perPage) {}

    private ShingleScore() {}

    /** Pages in {@code truth} absent from {@code predictions} count as empty extractions. */
    static Result score(Map<String, String> truth, Map<String, String> predictions) {
        List<Page> pages = new ArrayList<>();
        double precisionSum = 0;
        int precisionPages = 0;
        double recallSum = 0;
        int recallPages = 0;
        int exact = 0;
        for (Map.Entry<String, String> gold : truth.entrySet()) {
            List<String> goldTokens = tokens(gold.getValue());
            List<String> predictedTokens = tokens(predictions.getOrDefault(gold.getKey(), ""));
            Page page = page(gold.getKey(), goldTokens, predictedTokens);
            pages.add(page);
            boolean perfect = page.fp() == 0 && page.fn() == 0;
            if (page.tp() + page.fp() > 0 || perfect) {
                precisionSum += perfect ? 1.0 : ratio(page.tp(), page.fp());
                precisionPages++;
            }
            if (page.tp() + page.fn() > 0 || perfect) {
                recallSum += perfect ? 1.0 : ratio(page.tp(), page.fn());
                recallPages++;
            }
            exact += page.exact() ? 1 : 0;
        }
        double precision = precisionPages == 0 ? 0 : precisionSum / precisionPages;
        double recall = recallPages == 0 ? 0 : recallSum / recallPages;
        double f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
        return new Result(pages.size(), f1, precision, recall, pages.isEmpty() ? 0 : (double) exact / pages.size(), pages);
    }

    private static Page page(String id, List<String> truth, List<String> predicted) {
        Map<String, Integer> t = shingles(truth);
        Map<String, Integer> p = shingles(predicted);
        long tp = 0;
        long fp = 0;
        long fn = 0;
        for (Map.Entry<String, Integer> shingle : p.entrySet()) {
            int inTruth = t.getOrDefault(shingle.getKey(), 0);
            tp += Math.min(inTruth, shingle.getValue());
            fp += Math.max(0, shingle.getValue() - inTruth);
        }
        for (Map.Entry<String, Integer> shingle : t.entrySet()) {
            fn += Math.max(0, shingle.getValue() - p.getOrDefault(shingle.getKey(), 0));
        }
        double total = tp + fp + fn;
        boolean exact = truth.equals(predicted);
        return total == 0 ? new Page(id, 0, 0, 0, exact) : new Page(id, tp / total, fp / total, fn / total, exact);
    }

    private static double ratio(double hit, double miss) {
        return hit == 0 && miss == 0 ? 1.0 : hit / (hit + miss);
    }

    private static Map<String, Integer> shingles(List<String> tokens) {
        Map<String, Integer> counts = new HashMap<>();
        if (tokens.isEmpty()) {
            return counts;
        }
        if (tokens.size() < N) {
            counts.put(String.join("\u0000", tokens), 1);
            return counts;
        }
        for (int i = 0; i + N <= tokens.size(); i++) {
            counts.merge(String.join("\u0000", tokens.subList(i, i + N)), 1, Integer::sum);
        }
        return counts;
    }

    /** Runs of word characters as Python's {@code str.isalnum()} or {@code _} defines them. */
    static List<String> tokens(String text) {
        List<String> tokens = new ArrayList<>();
        int start = -1;
        for (int i = 0; i < text.length(); ) {
            int c = text.codePointAt(i);
            boolean word = isWordChar(c);
            if (word && start < 0) {
                start = i;
            } else if (!word && start >= 0) {
                tokens.add(text.substring(start, i));
                start = -1;
            }
            i += Character.charCount(c);
        }
        if (start >= 0) {
            tokens.add(text.substring(start));
        }
        return tokens;
    }

    private static boolean isWordChar(int c) {
        if (c == '_') {
            return true;
        }
        return switch (Character.getType(c)) {
            case Character.UPPERCASE_LETTER, Character.LOWERCASE_LETTER, Character.TITLECASE_LETTER, Character.MODIFIER_LETTER,
                    Character.OTHER_LETTER, Character.DECIMAL_DIGIT_NUMBER, Character.LETTER_NUMBER, Character.OTHER_NUMBER -> true;
            default -> false;
        };
    }
}
