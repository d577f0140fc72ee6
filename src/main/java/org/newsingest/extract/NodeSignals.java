package org.newsingest.extract;

import java.util.Locale;
import java.util.regex.Pattern;
import org.jsoup.nodes.Element;

/**
 * What an element's tag, class, id and attributes say about it, shared by the candidate scoring
 * and the cleaning. The word lists are Readability.js's, widened with the boilerplate names news
 * sites use for the boxes around an article (share bars, newsletter sign-ups, "related" lists,
 * bylines, cookie banners), which trafilatura strips for the same reason.
 */
final class NodeSignals {

    /** Class/id words of boxes that are never the article (unless they also say they are content). */
    static final Pattern UNLIKELY = Pattern.compile(
            "-ad-|ai2html|banner|breadcrumb|combx|comment|community|cover-wrap|disqus|extra|footer|gdpr|header|legends|menu|"
                    + "related|remark|replies|rss|shoutbox|sidebar|skyscraper|social|sponsor|supplemental|ad-break|agegate|"
                    + "pagination|pager|popup|yom-remote|newsletter|cookie|consent|subscribe|signup|sign-up|share|sharing|"
                    + "promo|recommend|most-popular|mostpopular|trending|outbrain|taboola|byline|author-info|author-bio|"
                    + "toolbar|tooltip|modal|overlay|ribbon|skip-link|skiplink|visually-hidden|sr-only|screen-reader",
            Pattern.CASE_INSENSITIVE);
    static final Pattern MAYBE_CANDIDATE = Pattern.compile("and|article|body|column|content|main|mathjax|shadow",
            Pattern.CASE_INSENSITIVE);
    static final Pattern NEGATIVE = Pattern.compile(
            "-ad-|hidden|^hid$| hid$| hid |^hid |banner|combx|comment|com-|contact|footer|gdpr|masthead|media|meta|outbrain|"
                    + "promo|related|scroll|share|shoutbox|sidebar|skyscraper|sponsor|shopping|tags|widget|newsletter|"
                    + "subscribe|byline|caption|credit|recirc|more-stories|read-more|readmore",
            Pattern.CASE_INSENSITIVE);
    static final Pattern POSITIVE = Pattern.compile(
            "article|body|content|entry|hentry|h-entry|main|page|pagination|post|text|blog|story",
            Pattern.CASE_INSENSITIVE);
    /** ARIA roles of page furniture. */
    private static final Pattern FURNITURE_ROLE = Pattern.compile(
            "menu|menubar|complementary|navigation|alert|alertdialog|dialog|banner|contentinfo|search",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern HIDDEN_STYLE = Pattern.compile("display\\s*:\\s*none|visibility\\s*:\\s*hidden",
            Pattern.CASE_INSENSITIVE);

    private NodeSignals() {}

    /** Class and id, the words the cleaning and scoring read. */
    static String classAndId(Element element) {
        return element.className() + " " + element.id();
    }

    /** Readability's class weight: +25 for content-sounding names, -25 for boilerplate ones, per attribute. */
    static int classWeight(Element element) {
        int weight = 0;
        for (String name : new String[] {element.className(), element.id()}) {
            if (name.isEmpty()) {
                continue;
            }
            if (NEGATIVE.matcher(name).find()) {
                weight -= 25;
            }
            if (POSITIVE.matcher(name).find()) {
                weight += 25;
            }
        }
        return weight;
    }

    /** Not rendered for a reader: hidden by attribute or inline style. */
    static boolean isHidden(Element element) {
        return element.hasAttr("hidden")
                || "true".equalsIgnoreCase(element.attr("aria-hidden")) && !element.hasClass("fallback-image")
                || HIDDEN_STYLE.matcher(element.attr("style")).find();
    }

    static boolean isFurnitureRole(Element element) {
        String role = element.attr("role");
        return !role.isEmpty() && FURNITURE_ROLE.matcher(role).matches();
    }

    /** A box whose name says it is not the article, and nothing says it might be. */
    static boolean isUnlikelyCandidate(Element element) {
        String tag = element.normalName();
        if (tag.equals("body") || tag.equals("a") || tag.equals("html") || tag.equals("article") || tag.equals("main")) {
            return false;
        }
        String names = classAndId(element);
        if (names.isBlank() || !UNLIKELY.matcher(names).find() || MAYBE_CANDIDATE.matcher(names).find()) {
            return false;
        }
        return !hasAncestor(element, "table", 3) && !hasAncestor(element, "code", 3);
    }

    static boolean hasAncestor(Element element, String tag, int maxDepth) {
        Element parent = element.parent();
        for (int depth = 0; parent != null && (maxDepth <= 0 || depth < maxDepth); depth++) {
            if (parent.normalName().equals(tag)) {
                return true;
            }
            parent = parent.parent();
        }
        return false;
    }

    /** Share of the element's text that sits inside links (in-page "#" links count a little). */
    static double linkDensity(Element element) {
        int textLength = element.text().length();
        if (textLength == 0) {
            return 0;
        }
        double linkLength = 0;
        for (Element link : element.getElementsByTag("a")) {
            String href = link.attr("href");
            double coefficient = href.startsWith("#") && href.length() > 1 ? 0.3 : 1;
            linkLength += link.text().length() * coefficient;
        }
        return linkLength / textLength;
    }

    static int commas(String text) {
        int count = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == ',' || c == '\uFF0C' || c == '\u060C' || c == '\u3001') {
                count++;
            }
        }
        return count;
    }

    static String lower(String text) {
        return text.toLowerCase(Locale.ROOT);
    }
}
