package org.newsingest.extract;

/** What a page is: an article with its body, or not an article, with a stable reason code. */
public sealed interface PageReading {

    /** The page's own metadata, whatever it turned out to be. */
    PageMetadata metadata();

    /** {@code bodyText}: paragraphs separated by a blank line, whitespace normalised. */
    record Article(String bodyText, PageMetadata metadata) implements PageReading {}

    /**
     * {@code reason}: a stable code, one of the constants below; {@code detail}: words for operators.
     */
    record NotArticle(String reason, String detail, PageMetadata metadata) implements PageReading {

        public static final String PAYWALLED = "paywalled";
        public static final String CONSENT_WALL = "consent_wall";
        public static final String BOT_CHALLENGE = "bot_challenge";
        public static final String NOT_ARTICLE = "not_article";
        public static final String TOO_SHORT = "too_short";
        public static final String NAVIGATION = "navigation";
    }
}
