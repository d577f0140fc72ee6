package org.newsingest.discover;

import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.newsingest.feed.FeedListEntry;
import org.newsingest.feed.ListedUrlDiscovery;
import org.newsingest.feed.SourceSettings;
import org.newsingest.fetch.FeedFetcher;
import org.newsingest.fetch.FetchRequest;
import org.newsingest.fetch.FetchResult;
import org.newsingest.fetch.OutboundProxy;
import org.newsingest.fetch.RequestSettings;
import org.newsingest.fetch.UrlSecrets;
import org.newsingest.parse.FeedContext;
import org.newsingest.parse.FeedParser;
import org.newsingest.parse.ParseResult;
import org.newsingest.pipeline.RobotsSitemaps;

/**
 * Finds the feed behind a web page, the way feed readers do: a URL that already is a feed (or a
 * news sitemap) is kept; an HTML page is read for the feeds it advertises ({@link Alternates},
 * which also holds the choice rule), and each is fetched and parsed in that order until one reads
 * as a feed; a page that advertises none is tried at a few well-known paths of its site. A page
 * that leads to a feed also brings the news sitemap its site's robots.txt lists
 * ({@link RobotsSitemaps}), for gap backfill.
 *
 * <p>Politely: at most {@link #MAX_ADVERTISED_TRIED} advertised feeds and the
 * {@link #WELL_KNOWN_PATHS} (six) are requested, one after another, through the same
 * {@link FeedFetcher} as every poll: the address guard, the per-host limiter and the limits apply
 * to each request.
 */
@ApplicationScoped
public class FeedDiscovery implements ListedUrlDiscovery {

    /** Where sites commonly serve their feed, in the order tried. */
    static final List<String> WELL_KNOWN_PATHS = List.of("/feed", "/rss", "/rss.xml", "/atom.xml", "/feed.xml", "/index.xml");
    static final int MAX_ADVERTISED_TRIED = 3;

    private final FeedFetcher fetcher;
    private final FeedParser parser;
    private final RobotsSitemaps robotsSitemaps;

    FeedDiscovery(FeedFetcher fetcher, FeedParser parser, RobotsSitemaps robotsSitemaps) {
        this.fetcher = fetcher;
        this.parser = parser;
        this.robotsSitemaps = robotsSitemaps;
    }

    /** What {@code url} leads to; a URL that is not an absolute http(s) URL is left for the subscription's own checks. */
    public Discovery discover(String url) {
        return discover(url, RequestSettings.NONE);
    }

    /**
     * What the URL of {@code listed} leads to, fetched with the listing's own User-Agent and proxy.
     * Never with its headers: a candidate may live on another origin, and they are the feed's secrets.
     */
    public Discovery discover(FeedListEntry listed) {
        SourceSettings sources = listed.sources();
        Optional<OutboundProxy> proxy = sources.proxy().flatMap(OutboundProxy::ifValid);
        return discover(listed.url(), new RequestSettings(Map.of(), sources.userAgent().filter(agent -> !agent.isBlank()), proxy));
    }

    private Discovery discover(String url, RequestSettings settings) {
        URI parsed;
        try {
            parsed = new URI(url.strip());
        } catch (java.net.URISyntaxException e) {
            return new Discovery.AsGiven();
        }
        if (!parsed.isAbsolute() || parsed.getHost() == null
                || !("http".equalsIgnoreCase(parsed.getScheme()) || "https".equalsIgnoreCase(parsed.getScheme()))) {
            return new Discovery.AsGiven();
        }
        if (UrlSecrets.hasUserInfo(parsed)) {
            // Refused as given (credentials_in_url), never fetched: the credentials must not leave the service.
            return new Discovery.AsGiven();
        }
        return discover(parsed, settings);
    }

    /** The feeds file's view of {@link #discover(String)}. */
    @Override
    public Outcome discoverListed(FeedListEntry listed) {
        Discovery discovery = discover(listed);
        if (discovery instanceof Discovery.Found found) {
            return new Outcome.Found(found.feed(), found.newsSitemap());
        }
        if (discovery instanceof Discovery.NoFeed none) {
            return new Outcome.NoFeed(none.detail());
        }
        return new Outcome.AsListed();
    }

    public Discovery discover(URI url) {
        return discover(url, RequestSettings.NONE);
    }

    private Discovery discover(URI url, RequestSettings settings) {
        FetchResult fetched = fetcher.fetch(new FetchRequest(url, Optional.empty(), Optional.empty(), settings));
        if (!(fetched instanceof FetchResult.Modified page)) {
            return new Discovery.AsGiven();
        }
        if (isFeed(page)) {
            return new Discovery.AsGiven();
        }
        String text = new String(page.body(), 0, Math.min(page.body().length, 2 * 1024 * 1024), java.nio.charset.StandardCharsets.UTF_8);
        if (!Alternates.looksLikeHtml(page.contentType(), text)) {
            return new Discovery.AsGiven();
        }
        List<Alternates.Candidate> seen = Alternates.of(text, page.finalUrl());
        for (Alternates.Candidate candidate : seen.subList(0, Math.min(seen.size(), MAX_ADVERTISED_TRIED))) {
            Optional<URI> feed = feedAt(candidate.url(), settings);
            if (feed.isPresent()) {
                return new Discovery.Found(url, feed.get(), "advertised", seen, robotsSitemaps.newsSitemapOf(page.finalUrl()));
            }
        }
        List<String> tried = new ArrayList<>();
        if (seen.isEmpty()) {
            for (String path : WELL_KNOWN_PATHS) {
                URI guess = page.finalUrl().resolve(path);
                tried.add(guess.toString());
                Optional<URI> feed = feedAt(guess.toString(), settings);
                if (feed.isPresent()) {
                    return new Discovery.Found(url, feed.get(), "well-known path", seen, robotsSitemaps.newsSitemapOf(page.finalUrl()));
                }
            }
        }
        return new Discovery.NoFeed(url, seen, tried);
    }

    /** The URL, when it answers with a document that parses as a feed. */
    private Optional<URI> feedAt(String candidate, RequestSettings settings) {
        URI url;
        try {
            url = URI.create(candidate);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        FetchResult fetched = fetcher.fetch(new FetchRequest(url, Optional.empty(), Optional.empty(), settings));
        return fetched instanceof FetchResult.Modified document && isFeed(document) ? Optional.of(url) : Optional.empty();
    }

    private boolean isFeed(FetchResult.Modified document) {
        // A feed, a sitemap or a sitemap index: anything a poll can read entries from.
        return !(parser.parse(document.body(), FeedContext.of(document.contentType(), document.finalUrl())) instanceof ParseResult.Failed);
    }
}
