package org.newsingest.pipeline;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.newsingest.fetch.FeedFetcher;
import org.newsingest.feed.PollError;
import org.newsingest.fetch.FetchRequest;
import org.newsingest.fetch.FetchResult;
import org.newsingest.parse.FeedContext;
import org.newsingest.parse.FeedParser;
import org.newsingest.parse.ParseResult;
import org.newsingest.parse.ParsedFeed;
import org.newsingest.parse.ParsedItem;

/**
 * Reads a sitemap index as one document: the {@link #MAX_CHILDREN} sitemaps it lists with the
 * latest {@code lastmod} (document order for those without), each fetched through the same
 * fetcher (address guard, host limiter, limits) and parsed, their entries in one list. An index
 * inside an index is not followed. A news outlet's index lists its news sitemap first or newest,
 * so the bound keeps what matters and caps the requests one poll makes.
 */
@ApplicationScoped
class SitemapIndexes {

    static final int MAX_CHILDREN = 5;

    private final FeedFetcher fetcher;
    private final FeedParser parser;

    SitemapIndexes(FeedFetcher fetcher, FeedParser parser) {
        this.fetcher = fetcher;
        this.parser = parser;
    }

    /** {@code parsed} itself, unless it is an index: then the entries of its sitemaps as one document. */
    ParseResult expand(ParseResult parsed) {
        if (!(parsed instanceof ParseResult.SitemapIndex index)) {
            return parsed;
        }
        List<ParseResult.SitemapIndex.Child> chosen = new ArrayList<>(index.sitemaps());
        chosen.sort(Comparator.comparing((ParseResult.SitemapIndex.Child child) -> child.lastModified().orElse(null),
                Comparator.nullsLast(Comparator.reverseOrder())));
        ParsedFeed first = null;
        List<ParsedItem> items = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        for (ParseResult.SitemapIndex.Child child : chosen.subList(0, Math.min(MAX_CHILDREN, chosen.size()))) {
            FetchResult fetched = fetcher.fetch(FetchRequest.unconditional(child.url()));
            if (!(fetched instanceof FetchResult.Modified document)) {
                failures.add(child.url() + ": " + fetched.outcome());
                continue;
            }
            ParseResult result = parser.parse(document.body(), FeedContext.of(document.contentType(), document.finalUrl()));
            if (result instanceof ParseResult.Parsed sitemap) {
                first = first == null ? sitemap.feed() : first;
                items.addAll(sitemap.feed().items());
            } else {
                failures.add(child.url() + ": not a sitemap of entries");
            }
        }
        if (first == null) {
            return new ParseResult.Failed(PollError.NOT_A_FEED, "a sitemap index whose sitemaps could not be read ("
                    + (index.sitemaps().isEmpty() ? "it lists none" : String.join("; ", failures)) + ")");
        }
        return new ParseResult.Parsed(new ParsedFeed(first.format(), first.title(), first.link(), first.language(), first.ttl(),
                first.updated(), first.encoding(), first.warnings(), items));
    }

    /** The entries of the sitemap at {@code url} (an index is expanded), or empty when it cannot be read now. */
    Optional<ParsedFeed> read(java.net.URI url) {
        FetchResult fetched = fetcher.fetch(FetchRequest.unconditional(url));
        if (!(fetched instanceof FetchResult.Modified document)) {
            return Optional.empty();
        }
        ParseResult parsed = expand(parser.parse(document.body(), FeedContext.of(document.contentType(), document.finalUrl())));
        return parsed instanceof ParseResult.Parsed sitemap ? Optional.of(sitemap.feed()) : Optional.empty();
    }
}
