package org.newsingest.extract;

import java.util.regex.Pattern;

/**
 * Short paragraphs that are furniture by what they say, whatever markup holds them, as trafilatura
 * also judges them: a dateline (a year and a clock time in one short line), a byline, a reporting
 * credit, a copyright line, a contact address, a call to action (sign up, follow us, read more,
 * related, share), a tag list. Only short lines are judged: a long paragraph is article text even
 * when it starts with one of these words.
 */
final class BoilerplateLines {

    private static final int SHORT = 160;
    private static final Pattern YEAR = Pattern.compile("\\b(19|20)\\d\\d\\b");
    private static final Pattern CLOCK = Pattern.compile("\\b\\d{1,2}[:h.]\\d\\d\\b|\\b\\d{1,2} ?(am|pm|AM|PM)\\b");
    private static final Pattern BYLINE = Pattern.compile("^(by|por|von|par|di|door)\\s+\\p{Lu}[^.!?]*$", Pattern.CASE_INSENSITIVE);
    private static final Pattern CREDIT = Pattern.compile(
            "^\\(?(reporting|additional reporting|writing|editing|compiled|produced) by\\b|contributed (to this report|reporting)\\W*$"
                    + "|^(photo|image|picture|foto)s?( credit)?\\s*[:(]|\\((image|photo|picture)s?:[^)]*\\)\\s*$",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern COPYRIGHT = Pattern.compile("copyright|©|all rights reserved", Pattern.CASE_INSENSITIVE);
    private static final Pattern EMAIL = Pattern.compile("[\\w.+-]+@[\\w-]+\\.[\\w.]+");
    private static final Pattern CALL_TO_ACTION = Pattern.compile(
            "^\\W*(sign up|subscribe|click here|follow (us|@)|follow \\S+( \\S+)? on |join (us|our)|like this (story|article)|"
                    + "share (this|it)|read more|see more|read also|also read|related( post| stories| articles| content)?\\s*[:.]|"
                    + "you may also like|you might also like|more from|recommended|watch:|listen:|download:|also on |also:|"
                    + "filed under|tags?:|more:|get the .* app|leia também|lesen sie auch|lire aussi|leggi anche)",
            Pattern.CASE_INSENSITIVE);

    private BoilerplateLines() {}

    static boolean isBoilerplate(String paragraph) {
        if (paragraph.length() > SHORT) {
            return false;
        }
        return paragraph.length() <= 80 && YEAR.matcher(paragraph).find() && CLOCK.matcher(paragraph).find()
                || paragraph.length() <= 80 && BYLINE.matcher(paragraph).find()
                || CREDIT.matcher(paragraph).find()
                || COPYRIGHT.matcher(paragraph).find()
                || paragraph.length() <= 100 && EMAIL.matcher(paragraph).find()
                || CALL_TO_ACTION.matcher(paragraph).find();
    }
}
