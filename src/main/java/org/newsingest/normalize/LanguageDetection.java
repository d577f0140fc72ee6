package org.newsingest.normalize;

import com.github.pemistahl.lingua.api.Language;
import com.github.pemistahl.lingua.api.LanguageDetector;
import com.github.pemistahl.lingua.api.LanguageDetectorBuilder;
import java.util.Locale;
import java.util.Optional;

/**
 * Language of an item's text when neither the item nor the feed declares one, with Lingua
 * (Maven Central {@code com.github.pemistahl:lingua}). To keep memory and start-up sane it knows
 * only the languages of the outlets we read (RFE/RL's services and the big European ones) and
 * runs in low-accuracy mode (trigram models only). Models load lazily, on the first detection,
 * so a service whose feeds all declare their language never pays for them.
 *
 * <p>Answers only for texts of at least {@value #MIN_LETTERS} letters and when Lingua is
 * confident; otherwise empty (a language is not invented either).
 */
public final class LanguageDetection {

    static final int MIN_LETTERS = 20;
    private static final int MAX_SAMPLE = 160;

    static final Language[] LANGUAGES = {
        Language.ENGLISH, Language.RUSSIAN, Language.UKRAINIAN, Language.BELARUSIAN, Language.KAZAKH,
        Language.AZERBAIJANI, Language.ARMENIAN, Language.GEORGIAN, Language.ROMANIAN, Language.BOSNIAN,
        Language.CROATIAN, Language.SERBIAN, Language.ALBANIAN, Language.MACEDONIAN, Language.BULGARIAN,
        Language.PERSIAN, Language.URDU, Language.ARABIC, Language.TURKISH, Language.ITALIAN, Language.FRENCH,
        Language.GERMAN, Language.SPANISH, Language.PORTUGUESE, Language.POLISH, Language.CZECH,
        Language.SLOVAK, Language.HUNGARIAN, Language.DUTCH, Language.MONGOLIAN,
    };

    private static final class Holder {
        static final LanguageDetector DETECTOR = LanguageDetectorBuilder.fromLanguages(LANGUAGES)
                .withLowAccuracyMode()
                .withMinimumRelativeDistance(0.05)
                .build();
    }

    private LanguageDetection() {}

    /** An ISO 639-1 code such as {@code en}, or empty when the text is too short or ambiguous. */
    public static Optional<String> detect(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String sample = text.length() > MAX_SAMPLE ? text.substring(0, MAX_SAMPLE) : text;
        long letters = sample.codePoints().filter(Character::isLetter).count();
        if (letters < MIN_LETTERS) {
            return Optional.empty();
        }
        Language language = Holder.DETECTOR.detectLanguageOf(sample);
        if (language == Language.UNKNOWN) {
            return Optional.empty();
        }
        return Optional.of(language.getIsoCode639_1().toString().toLowerCase(Locale.ROOT));
    }
}
