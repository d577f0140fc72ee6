package org.newsingest.pipeline;

import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.newsingest.extract.ExtractConfig;
import org.newsingest.extract.RobotsCache;

/**
 * The Google News sitemap a site names in its {@code robots.txt}, for a subscription made from
 * its home page and for a gap in a feed that names no sitemap.
 *
 * <p><b>The rule.</b> The {@code Sitemap:} lines of the site's {@code robots.txt} (read through
 * the extract stage's {@link RobotsCache}, so one file per origin per {@code ingest.extract.robots-ttl})
 * are ordered: those whose URL names {@code news} first, then the file's order. The first
 * {@link #MAX_TRIED} are read in that order (an index expanded as a poll expands it), and the first
 * that reads as a Google News sitemap ({@code <urlset>} with {@code news:news}, or an index whose
 * sitemaps are) is the one. A plain sitemap is never taken: its entries carry no title or
 * publication date. The answer, found or not, is kept per origin as long as the robots.txt is.
 */
@ApplicationScoped
public class RobotsSitemaps {

    static final int MAX_TRIED = 3;
    private static final String NEWS_SITEMAP = "sitemap_news";
    /** Origins remembered at most; past it the memory starts over. */
    private static final int MAX_ORIGINS = 10_000;

    private final RobotsCache robots;
    private final SitemapIndexes sitemaps;
    private final Duration ttl;
    private final ConcurrentHashMap<String, Learned> learned = new ConcurrentHashMap<>();

    private record Learned(Optional<URI> sitemap, long expiresAtNanos) {}

    RobotsSitemaps(RobotsCache robots, SitemapIndexes sitemaps, ExtractConfig config) {
        this.robots = robots;
        this.sitemaps = sitemaps;
        this.ttl = config.robotsTtl();
    }

    /** The news sitemap the {@code robots.txt} of {@code site}'s origin lists, by the rule above; empty when it lists none. */
    public Optional<URI> newsSitemapOf(URI site) {
        String origin = site.getScheme().toLowerCase(Locale.ROOT) + "://" + site.getRawAuthority().toLowerCase(Locale.ROOT);
        Learned known = learned.get(origin);
        if (known != null && known.expiresAtNanos() - System.nanoTime() > 0) {
            return known.sitemap();
        }
        Optional<URI> found = candidates(robots.rulesFor(site).sitemaps()).stream().limit(MAX_TRIED)
                .filter(url -> sitemaps.read(url).filter(feed -> NEWS_SITEMAP.equals(feed.format())).isPresent())
                .findFirst();
        if (learned.size() >= MAX_ORIGINS) {
            learned.clear();
        }
        learned.put(origin, new Learned(found, System.nanoTime() + ttl.toNanos()));
        return found;
    }

    /** {@code listed} in the order they are tried: URLs that name {@code news} first, each part in the file's order. */
    static List<URI> candidates(List<URI> listed) {
        return listed.stream()
                .sorted(Comparator.comparing((URI url) -> !url.toString().toLowerCase(Locale.ROOT).contains("news")))
                .toList();
    }
}
