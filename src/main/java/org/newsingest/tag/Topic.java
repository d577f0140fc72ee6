package org.newsingest.tag;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A topic an item is tagged with.
 *
 * @param id a stable, language-independent id ({@code geo:UA}, {@code mediatopic:11000000},
 *     {@code beat:sanctions}) or {@code category:<slug>} for a category the taxonomy does not know;
 *     never contains a comma, so ids can be joined in the {@code news_topics} header
 * @param label the topic's name in the item's language, English where the taxonomy has none
 * @param labelEn the topic's name in English
 * @param source the strongest evidence: {@code feed} (the feed's configured tags), {@code category}
 *     (the item's own categories), {@code geo} (a place named in the text) or {@code rule} (a
 *     subject's terms in the text)
 * @param score strength of evidence in [0, 1]; see {@link TopicTagger} for what the values mean
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Topic(String id, String label, String labelEn, String source, double score) {

    public static final String FROM_FEED = "feed";
    public static final String FROM_CATEGORY = "category";
    public static final String FROM_GEO = "geo";
    public static final String FROM_RULE = "rule";

    /** A topic without an English label: a {@code category:<slug>} pass-through, or one written before labels existed. */
    public Topic(String id, String label, String source, double score) {
        this(id, label, null, source, score);
    }
}
