package org.newsingest.extract;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

/**
 * Says when a page is not an article, whatever text the body finder took from it. Each rule needs
 * a short body as well as its marker, so a full article that merely loads a challenge script,
 * mentions cookies or declares itself not free (a metered page that still serves the text) is
 * kept:
 * <ul>
 *   <li><b>bot_challenge</b>: an interstitial of a bot-protection service (its title or its
 *       challenge markers) with little text;</li>
 *   <li><b>consent_wall</b>: a short text dominated by consent words;</li>
 *   <li><b>paywalled</b>: {@code isAccessibleForFree: false} or a subscription prompt, with only a
 *       teaser's worth of text;</li>
 *   <li><b>not_article</b>: an error page ("404", "page not found") with a short body;</li>
 *   <li><b>navigation</b>: a page that is mostly links and yields no article text;</li>
 *   <li><b>too_short</b>: less text than a news item has.</li>
 * </ul>
 */
final class PageClassifier {

    /** Under this many characters of body, a page is too short to be an article. */
    static final int MIN_BODY = 250;
    /** A teaser: what a paywalled or walled page shows at most. */
    static final int TEASER = 1500;
    private static final Pattern CHALLENGE_TITLE = Pattern.compile(
            "just a moment|attention required|checking your browser|please wait\\W+cloudflare|ddos protection|"
                    + "pardon our interruption|are you a robot|verify(ing)? you are (a )?human|access denied|security check",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern CHALLENGE_MARKUP = Pattern.compile(
            "cf-chl-|cf_chl_|challenge-form|cf-browser-verification|_cf_chl_opt|captcha-delivery|px-captcha|g-recaptcha|"
                    + "hcaptcha|checking your browser before accessing|enable javascript and cookies to continue",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern CONSENT_WORD = Pattern.compile(
            "\\b(cookies?|consent|privacy|partners|vendors|personali[sz]ed|gdpr|legitimate interest|accept|agree|"
                    + "tracking|advertising|preferences|your data|datenschutz|einwilligung|zustimmen|confidentialité|"
                    + "consentement|accepter|privacidad|aceptar)\\b",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern PAYWALL_PROMPT = Pattern.compile(
            "subscribe to (continue|read)|to continue reading|already a subscriber|subscribers? only|for subscribers|"
                    + "subscription required|sign in to (continue|read)|log in to (continue|read)|premium (content|article)|"
                    + "become a (subscriber|member) to|unlock this (article|story)",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern ERROR_PAGE = Pattern.compile(
            "\\b404\\b|page not found|page (does not|doesn't) exist|no longer available|seite nicht gefunden|"
                    + "page introuvable|página no encontrada",
            Pattern.CASE_INSENSITIVE);

    private PageClassifier() {}

    /**
     * Empty when the page reads as an article; otherwise the reason and words for operators.
     * {@code html} is the page as fetched (markers are searched there: serialising a deeply nested
     * tree again costs far more), {@code pageText} all of its visible text, {@code body} the
     * article text found in it.
     */
    static Optional<PageReading.NotArticle> classify(String html, Document page, String pageText, String body, PageMetadata metadata) {
        int length = body.length();
        String title = page.title();
        if (length < TEASER && pageText.length() < 2 * TEASER) {
            if (CHALLENGE_TITLE.matcher(title).find()) {
                return verdict(PageReading.NotArticle.BOT_CHALLENGE, "a bot-protection interstitial: title \"" + title + "\"", metadata);
            }
            Matcher marker = CHALLENGE_MARKUP.matcher(html);
            if (marker.find()) {
                return verdict(PageReading.NotArticle.BOT_CHALLENGE, "a bot-protection interstitial: marker " + marker.group(), metadata);
            }
        }
        if (length < TEASER && isConsentText(length < MIN_BODY ? pageText : body)) {
            return verdict(PageReading.NotArticle.CONSENT_WALL, "the page's text is a cookie or consent notice", metadata);
        }
        if (length < TEASER && metadata.accessibleForFree().equals(Optional.of(false))) {
            return verdict(PageReading.NotArticle.PAYWALLED,
                    "isAccessibleForFree is false and only " + length + " characters of text are served", metadata);
        }
        if (length < TEASER) {
            Matcher prompt = PAYWALL_PROMPT.matcher(pageText);
            if (prompt.find()) {
                return verdict(PageReading.NotArticle.PAYWALLED,
                        "a subscription prompt (\"" + prompt.group() + "\") and only " + length + " characters of text", metadata);
            }
        }
        if (length < TEASER && ERROR_PAGE.matcher(title + " " + firstHeading(page)).find()) {
            return verdict(PageReading.NotArticle.NOT_ARTICLE, "an error page: \"" + title.strip() + "\"", metadata);
        }
        if (length < MIN_BODY) {
            double links = page.body() == null ? 0 : NodeSignals.linkDensity(page.body());
            if (links > 0.5) {
                return verdict(PageReading.NotArticle.NAVIGATION, String.format(Locale.ROOT,
                        "no article text; %.0f%% of the page's text is links", links * 100), metadata);
            }
            return verdict(PageReading.NotArticle.TOO_SHORT, "only " + length + " characters of article text", metadata);
        }
        return Optional.empty();
    }

    /** At least five consent words, and one word in twelve is one. */
    static boolean isConsentText(String text) {
        Matcher words = CONSENT_WORD.matcher(text);
        int hits = 0;
        while (words.find()) {
            hits++;
        }
        int wordCount = text.isBlank() ? 0 : text.strip().split("\\s+").length;
        return hits >= 5 && hits * 12 >= wordCount;
    }

    private static String firstHeading(Document page) {
        Element heading = page.selectFirst("h1");
        return heading == null ? "" : heading.text();
    }

    private static Optional<PageReading.NotArticle> verdict(String reason, String detail, PageMetadata metadata) {
        return Optional.of(new PageReading.NotArticle(reason, detail, metadata));
    }
}
