package org.newsingest.tag;

/**
 * A topic an item is tagged with.
 *
 * @param id a slug, stable and safe to filter on ({@code news_topics} header)
 * @param label the text the topic came from
 * @param source where it came from: {@code feed} (the feed's tags) or {@code category} (the item's own categories)
 * @param score confidence in [0, 1]; 1 for topics taken from the feed or item itself
 */
public record Topic(String id, String label, String source, double score) {

    public static final String FROM_FEED = "feed";
    public static final String FROM_CATEGORY = "category";
}
