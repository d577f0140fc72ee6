package org.newsingest.discover;

import java.net.URI;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

/**
 * The feeds an HTML page advertises with {@code <link rel="alternate">}, and the order they are
 * tried in. Relative hrefs are resolved against the page's {@code <base href>} (jsoup applies the
 * first one) and otherwise against the URL the page was finally fetched from.
 *
 * <p><b>The rule</b>, each step breaking the ties of the one before:
 * <ol>
 *   <li>a feed on the page's own host (a leading {@code www.} ignored) before one elsewhere;</li>
 *   <li>a site feed before a comments feed (its title or URL names comments);</li>
 *   <li>the order of the document, which is the order the publisher listed them in.</li>
 * </ol>
 */
public final class Alternates {

    /** The feed types a page may advertise: RSS, Atom, RDF and JSON Feed. */
    static final Set<String> FEED_TYPES = Set.of("application/rss+xml", "application/atom+xml", "application/rdf+xml",
            "application/feed+json", "application/json", "application/x.atom+xml", "text/xml", "application/xml");

    /** One advertised feed. */
    public record Candidate(String url, String type, String title) {}

    private Alternates() {}

    /** Whether {@code body} (decoded leniently) is an HTML page rather than a feed. */
    static boolean looksLikeHtml(Optional<String> contentType, String text) {
        if (contentType.map(type -> type.toLowerCase(Locale.ROOT).contains("html")).orElse(false)) {
            return true;
        }
        String start = text.stripLeading().toLowerCase(Locale.ROOT);
        return start.startsWith("<!doctype html") || start.startsWith("<html");
    }

    /** The advertised feeds of {@code html} fetched from {@code pageUrl}, in the order of the rule. */
    public static List<Candidate> of(String html, URI pageUrl) {
        Document page = Jsoup.parse(html, pageUrl.toString());
        List<Candidate> found = new ArrayList<>();
        for (Element link : page.select("link[rel][href]")) {
            boolean alternate = List.of(link.attr("rel").toLowerCase(Locale.ROOT).split("\\s+")).contains("alternate");
            String type = link.attr("type").toLowerCase(Locale.ROOT).split(";")[0].strip();
            String href = link.absUrl("href");
            if (!alternate || !FEED_TYPES.contains(type) || href.isEmpty() || !href.toLowerCase(Locale.ROOT).startsWith("http")) {
                continue;
            }
            if (found.stream().noneMatch(candidate -> candidate.url().equals(href))) {
                found.add(new Candidate(href, type, link.attr("title").strip()));
            }
        }
        String host = siteHost(pageUrl.getHost());
        List<Candidate> ordered = new ArrayList<>(found);
        // List.sort is stable: equal keys keep document order.
        ordered.sort(Comparator.<Candidate, Boolean>comparing(candidate -> !host.equals(siteHost(hostOf(candidate.url()))))
                .thenComparing(Alternates::isCommentsFeed));
        return ordered;
    }

    static boolean isCommentsFeed(Candidate candidate) {
        String text = (candidate.title() + " " + candidate.url()).toLowerCase(Locale.ROOT);
        return text.contains("comment");
    }

    private static String hostOf(String url) {
        try {
            return URI.create(url).getHost();
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static String siteHost(String host) {
        String lower = host == null ? "" : host.toLowerCase(Locale.ROOT);
        return lower.startsWith("www.") ? lower.substring(4) : lower;
    }
}
