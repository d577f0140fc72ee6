package org.newsingest.extract;

/**
 * What the extractor made of one page. TEMPORARY stand-in for the extractcore branch's type of the
 * same name and API; the integrator replaces this file with theirs.
 */
public sealed interface PageReading {

    record Article(String bodyText, PageMetadata metadata) implements PageReading {}

    /** {@code reason}: paywalled, consent_wall, bot_challenge, not_article, too_short, navigation. */
    record NotArticle(String reason, String detail, PageMetadata metadata) implements PageReading {}
}
