package org.newsingest.tag;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Tags items with topics: the feed's tags first, then the item's own categories, each as a slug.
 * A topic given twice keeps its first source.
 */
public final class TopicTagger {

    private static final Pattern COMBINING_MARKS = Pattern.compile("(?<=\\p{IsLatin})\\p{M}+");
    private static final Pattern NOT_SLUG = Pattern.compile("[^\\p{L}\\p{M}\\p{N}]+");
    private static final int MAX_SLUG = 64;

    private TopicTagger() {}

    public static List<Topic> tag(List<String> feedTags, List<String> categories) {
        Map<String, Topic> topics = new LinkedHashMap<>();
        add(topics, feedTags, Topic.FROM_FEED);
        add(topics, categories, Topic.FROM_CATEGORY);
        return new ArrayList<>(topics.values());
    }

    private static void add(Map<String, Topic> topics, List<String> labels, String source) {
        for (String label : labels) {
            slug(label).ifPresent(slug -> topics.putIfAbsent(slug, new Topic(slug, label.strip(), source, 1.0)));
        }
    }

    /**
     * Lower-case words joined by hyphens. Letters of every script are kept (a Cyrillic category
     * stays Cyrillic); accents on Latin letters are dropped so "Économie" and "economie" meet. Commas never
     * survive, so slugs can be joined with commas in the {@code news_topics} header.
     */
    public static Optional<String> slug(String label) {
        String decomposed = Normalizer.normalize(label, Normalizer.Form.NFKD);
        String plain = COMBINING_MARKS.matcher(decomposed).replaceAll("");
        String slug = NOT_SLUG.matcher(plain.toLowerCase(Locale.ROOT)).replaceAll("-");
        slug = slug.replaceAll("^-+|-+$", "");
        if (slug.length() > MAX_SLUG) {
            slug = slug.substring(0, MAX_SLUG).replaceAll("-+$", "");
        }
        return slug.isEmpty() ? Optional.empty() : Optional.of(Normalizer.normalize(slug, Normalizer.Form.NFC));
    }
}
