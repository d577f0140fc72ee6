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

    private static final Pattern CREDIT = Pattern.compile(String.join("|",
            "(originally|first) (published|appeared)", "appeared first on", "reprinted", "republished",
            "used with (the )?permission", "copyright", "©", "\\(c\\) ?\\d{4}", "all rights reserved", "creative commons",
            "^source\\s*:",
            "первоначально опубликован", "впервые опубликован", "перепечат", "^источник\\s*:", "публикуем материал",
            "вперше опублікован", "передрук", "^джерело\\s*:", "публікуємо матеріал",
            "erschien zuerst", "nachdruck mit", "ukazał się pierwotnie", "przedruk", "preluat de la", "původně vyšel",
            "přetištěno", "prvobitno objavljen", "preneto uz", "initialement publié", "reproduit avec"), FLAGS);

    private static final Pattern CALL_TO_ACTION = Pattern.compile(String.join("|",
            "follow us", "subscribe to", "sign up for", "donate (now|today)", "support independent journalism", "share this",
            "news tip", "подписывайтесь", "поддержите", "поделиться", "підписуйтеся", "підтримайте", "поділитися",
            "folgen sie uns", "obserwuj nas", "urmăriți-ne", "sledujte nás", "pratite nas", "suivez-nous"), FLAGS);

    private static final Pattern LEADER = Pattern.compile("^(" + String.join("|",
            "related", "read more", "see also", "file photo", "photo", "читайте также", "читайте також", "фото",
            "lesen sie auch", "czytaj także", "fot\\.", "citește și", "čtěte také", "pročitajte i", "foto", "à lire aussi")
            + ")\\s*[:.]", FLAGS);

    private static final Pattern SENTENCE_END = Pattern.compile("(?<=[.!?])\\s+");
    private static final Pattern WORD_SEPARATORS = Pattern.compile("[^\\p{L}\\p{M}\\p{N}]+");

    private StoryText() {}

    /** The lower-cased words of the body of {@code text}, republishers' additions removed. */
    static List<String> bodyWords(String text) {
        int titleEnd = text.indexOf('\n');
        String body = titleEnd < 0 ? "" : text.substring(titleEnd + 1);
        List<String> words = new ArrayList<>();
        for (String line : body.split("\n")) {
            if (LEADER.matcher(line.strip()).find() && wordCount(line) <= MAX_LEADER_WORDS) {
                continue;
            }
            for (String sentence : SENTENCE_END.split(line.strip())) {
                if (!isAddition(sentence)) {
                    addWords(sentence, words);
                }
            }
        }
        return words;
    }

    private static boolean isAddition(String sentence) {
        return wordCount(sentence) <= MAX_CREDIT_WORDS
                && (CREDIT.matcher(sentence).find() || CALL_TO_ACTION.matcher(sentence).find());
    }

    private static void addWords(String sentence, List<String> words) {
        String folded = Normalizer.normalize(sentence, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
        for (String word : WORD_SEPARATORS.split(folded)) {
            if (!word.isEmpty()) {
                words.add(word);
            }
        }
    }

    private static int wordCount(String text) {
        return text.isBlank() ? 0 : text.strip().split("\\s+").length;
    }
}
