package org.newsingest.tag;

import java.text.Normalizer;
import java.util.Locale;

/**
 * Folds text for matching, one char for one char so offsets in the folded text are offsets in the
 * original: letters and digits become lower case without diacritics ({@code Ё→е}, {@code ї→і},
 * {@code é→e}), everything else (spaces, punctuation, apostrophes, hyphens) becomes a space, so
 * {@code Nagorno-Karabakh} and {@code прем'єр} fold like their spaced forms. Rules are folded the
 * same way, so the choice of what to drop never makes a rule miss its own spelling.
 */
final class TextFold {

    private static final char[] TABLE = new char[Character.MAX_VALUE + 1];

    static {
        for (int c = 0; c <= Character.MAX_VALUE; c++) {
            TABLE[c] = fold((char) c);
        }
    }

    private TextFold() {}

    private static char fold(char c) {
        if (!Character.isLetterOrDigit(c)) {
            return ' ';
        }
        char lower = Character.toLowerCase(c);
        String decomposed = Normalizer.normalize(String.valueOf(lower), Normalizer.Form.NFD);
        char base = decomposed.charAt(0);
        return Character.isLetterOrDigit(base) ? base : lower;
    }

    /** The text in NFC, the form {@link #fold} expects (combining marks would otherwise split words). */
    static String composed(String text) {
        return Normalizer.isNormalized(text, Normalizer.Form.NFC) ? text : Normalizer.normalize(text, Normalizer.Form.NFC);
    }

    /** Folded chars of {@code text} (already {@link #composed}); same length. */
    static char[] fold(String text) {
        char[] folded = new char[text.length()];
        for (int i = 0; i < folded.length; i++) {
            folded[i] = TABLE[text.charAt(i)];
        }
        return folded;
    }

    /** A phrase folded with runs of spaces collapsed and trimmed: the key for synonym look-ups. */
    static String key(String phrase) {
        String folded = new String(fold(composed(phrase.toLowerCase(Locale.ROOT))));
        return folded.trim().replaceAll(" +", " ");
    }

    static boolean isWord(char folded) {
        return folded != ' ';
    }
}
