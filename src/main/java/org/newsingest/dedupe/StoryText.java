package org.newsingest.dedupe;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The words a story is compared on: the body of a {@link StoryFingerprint#textOf} text without its
 * title and without the lines republishers add around an article.
 *
 * <p>Titles are left out because they say least about identity: partners rewrite headlines, and
 * unrelated bulletins share generic ones ("Новости", "News in brief", "Live updates"). Leaving them
 * out is more general than a list of generic titles, which would never be complete.
 *
 * <p>Removed, each pattern a phrase that republishers use in many outlets rather than one site's wording:
 * <ul>
 *   <li>sentences of at most {@value #MAX_CREDIT_WORDS} words that credit the source ("This article was
 *       originally published by…", "Reprinted with permission", "The post … appeared first on …",
 *       "Первоначально опубликовано…", "Передруковано з дозволу…", copyright notices, "Source:");
 *   <li>sentences of that size that ask the reader to follow, subscribe, share or donate;
 *   <li>lines of at most {@value #MAX_LEADER_WORDS} words that start with "Related:", "Read more:",
 *       "Photo:" or their translations.
 * </ul>
 * Removing a real sentence by mistake costs little: it is removed from both copies alike.
 */
final class StoryText {

    static final int MAX_CREDIT_WORDS = 40;
    static final int MAX_LEADER_WORDS = 25;

    private static final int FLAGS = Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE;

    private static final String CREDIT = String.join("|",
            "(originally|first) (published|appeared)", "appeared first on", "reprinted", "republished",
            "used with (the )?permission", "copyright", "©", "\\(c\\) ?\\d{4}", "all rights reserved", "creative commons",
            "^source\\s*:",
            "первоначально опубликован", "впервые опубликован", "перепечат", "^источник\\s*:", "публикуем материал",
            "вперше опублікован", "передрук", "^джерело\\s*:", "публікуємо матеріал",
            "erschien zuerst", "nachdruck mit", "ukazał się pierwotnie", "przedruk", "preluat de la", "původně vyšel",
            "přetištěno", "prvobitno objavljen", "preneto uz", "initialement publié", "reproduit avec");

    private static final String CALL_TO_ACTION = String.join("|",
            "follow us", "subscribe to", "sign up for", "donate (now|today)", "support independent journalism", "share this",
            "news tip", "подписывайтесь", "поддержите", "поделиться", "підписуйтеся", "підтримайте", "поділитися",
            "folgen sie uns", "obserwuj nas", "urmăriți-ne", "sledujte nás", "pratite nas", "suivez-nous");

    /** Either kind of addition: one pass over a sentence instead of two. */
    private static final Pattern ADDITION = Pattern.compile(CREDIT + "|" + CALL_TO_ACTION, FLAGS);

    private static final Pattern LEADER = Pattern.compile("^(" + String.join("|",
            "related", "read more", "see also", "file photo", "photo", "читайте также", "читайте також", "фото",
            "lesen sie auch", "czytaj także", "fot\\.", "citește și", "čtěte také", "pročitajte i", "foto", "à lire aussi")
            + ")\\s*[:.]", FLAGS);

    private StoryText() {}

    /**
     * The lower-cased words of the body of {@code text}, republishers' additions removed. Runs for
     * every new entry and every text comparison, so it scans characters itself where a regular
     * expression would do the same (sentence ends, word counts, word separators).
     */
    static List<String> bodyWords(String text) {
        int titleEnd = text.indexOf('\n');
        String body = titleEnd < 0 ? "" : text.substring(titleEnd + 1);
        List<String> words = new ArrayList<>();
        for (String line : body.split("\n")) {
            String stripped = line.strip();
            if (LEADER.matcher(stripped).lookingAt() && wordCount(stripped) <= MAX_LEADER_WORDS) {
                continue;
            }
            for (String sentence : sentences(stripped)) {
                if (!isAddition(sentence)) {
                    addWords(sentence, words);
                }
            }
        }
        return words;
    }

    /** A line cut after each {@code .}, {@code !} or {@code ?} that whitespace follows; the whitespace is dropped. */
    private static List<String> sentences(String line) {
        List<String> sentences = new ArrayList<>(4);
        int start = 0;
        for (int i = 1; i < line.length(); i++) {
            if (isSpace(line.charAt(i)) && isSentenceEnd(line.charAt(i - 1))) {
                sentences.add(line.substring(start, i));
                while (i < line.length() && isSpace(line.charAt(i))) {
                    i++;
                }
                start = i;
            }
        }
        if (start < line.length() || sentences.isEmpty()) {
            sentences.add(line.substring(start));
        }
        return sentences;
    }

    private static boolean isAddition(String sentence) {
        return wordCount(sentence) <= MAX_CREDIT_WORDS && ADDITION.matcher(sentence).find();
    }

    /** Adds the NFKC-folded, lower-cased runs of letters, marks and digits of {@code sentence}. */
    private static void addWords(String sentence, List<String> words) {
        // ASCII is its own NFKC form: most feeds' text skips the normaliser.
        String folded = (isAscii(sentence) ? sentence : Normalizer.normalize(sentence, Normalizer.Form.NFKC)).toLowerCase(Locale.ROOT);
        int start = -1;
        for (int i = 0; i < folded.length(); ) {
            int codePoint = folded.codePointAt(i);
            if (isWordCharacter(codePoint)) {
                if (start < 0) {
                    start = i;
                }
            } else if (start >= 0) {
                words.add(folded.substring(start, i));
                start = -1;
            }
            i += Character.charCount(codePoint);
        }
        if (start >= 0) {
            words.add(folded.substring(start));
        }
    }

    /** Whitespace-separated tokens of {@code text} once stripped. */
    private static int wordCount(String text) {
        String stripped = text.strip();
        int count = 0;
        boolean inWord = false;
        for (int i = 0; i < stripped.length(); i++) {
            boolean space = isSpace(stripped.charAt(i));
            if (!space && !inWord) {
                count++;
            }
            inWord = !space;
        }
        return count;
    }

    /** A letter, mark or number of any script (the categories L, M and N). */
    private static boolean isWordCharacter(int codePoint) {
        if (codePoint < 0x80) {
            return (codePoint >= 'a' && codePoint <= 'z') || (codePoint >= '0' && codePoint <= '9') || (codePoint >= 'A' && codePoint <= 'Z');
        }
        return switch (Character.getType(codePoint)) {
            case Character.UPPERCASE_LETTER, Character.LOWERCASE_LETTER, Character.TITLECASE_LETTER, Character.MODIFIER_LETTER,
                 Character.OTHER_LETTER, Character.NON_SPACING_MARK, Character.ENCLOSING_MARK, Character.COMBINING_SPACING_MARK,
                 Character.DECIMAL_DIGIT_NUMBER, Character.LETTER_NUMBER, Character.OTHER_NUMBER -> true;
            default -> false;
        };
    }

    /** The ASCII whitespace a regular expression calls {@code \s}. */
    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == 0x0B || c == '\f' || c == '\r';
    }

    private static boolean isSentenceEnd(char c) {
        return c == '.' || c == '!' || c == '?';
    }

    private static boolean isAscii(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }
}
