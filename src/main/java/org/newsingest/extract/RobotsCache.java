package org.newsingest.extract;

import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import org.newsingest.feed.PollError;
import org.newsingest.fetch.FetchResult;
import org.newsingest.fetch.PageFetcher;

/**
 * Each origin's {@code robots.txt}, fetched through the same guarded fetcher as pages and kept for
 * {@code ingest.extract.robots-ttl}. What an answer means follows RFC 9309 §2.3.1 ({@link #fetch}):
 * a 4xx means no rules; an unreachable robots.txt disallows everything, and that verdict is kept
 * for a short while only ({@link #UNREACHABLE_TTL}) so a brief outage does not cost an hour of bodies.
 */
@ApplicationScoped
public class RobotsCache {

    static final Duration UNREACHABLE_TTL = Duration.ofMinutes(5);
    /** Origins remembered at most; past it expired entries go, and if none had, all do. */
    private static final int MAX_ORIGINS = 10_000;

    private final PageFetcher pages;
    private final String agentToken;
    private final Duration ttl;
    private final ConcurrentHashMap<String, Entry> cache = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Object> fetching = new ConcurrentHashMap<>();

    private record Entry(RobotsTxt rules, long expiresAtNanos) {}

    RobotsCache(PageFetcher pages, ExtractConfig config) {
        this.pages = pages;
        this.agentToken = config.agentToken();
        this.ttl = config.robotsTtl();
    }

    /** The rules that apply to {@code page}, from the cache or fetched now (one fetch per origin at a time). */
    public RobotsTxt rulesFor(URI page) {
        String origin = origin(page);
        Entry entry = cache.get(origin);
        if (entry != null && entry.expiresAtNanos() - System.nanoTime() > 0) {
            return entry.rules();
        }
        synchronized (fetching.computeIfAbsent(origin, key -> new Object())) {
            entry = cache.get(origin);
            if (entry == null || entry.expiresAtNanos() - System.nanoTime() <= 0) {
                entry = fetch(origin);
                if (cache.size() >= MAX_ORIGINS) {
                    long now = System.nanoTime();
                    cache.values().removeIf(old -> old.expiresAtNanos() - now <= 0);
                    if (cache.size() >= MAX_ORIGINS) {
                        cache.clear();
                    }
                }
                cache.put(origin, entry);
            }
            return entry.rules();
        }
    }

    /**
     * RFC 9309 §2.3.1: a 2xx is parsed; a 4xx (other than 429) is "unavailable", no rules; so is a
     * chain of more redirects than the fetcher follows (§2.3.1.2 allows that reading). A 5xx, a 429
     * (the host asks us to slow down: we read it as a server error, as the large crawlers do), a
     * timeout, a network or TLS error, or an address the guard refuses is "unreachable" (§2.3.1.4):
     * complete disallow, kept for {@link #UNREACHABLE_TTL} at most, then asked again.
     */
    private Entry fetch(String origin) {
        FetchResult result = pages.fetch(URI.create(origin + "/robots.txt"));
        if (result instanceof FetchResult.Modified modified) {
            return fresh(RobotsTxt.parse(new String(modified.body(), StandardCharsets.UTF_8), agentToken), ttl);
        }
        if (result instanceof FetchResult.Gone) {
            return fresh(RobotsTxt.ALLOW_ALL, ttl);
        }
        if (result instanceof FetchResult.Failed failed
                && ((failed.status() >= 400 && failed.status() < 500 && failed.status() != 429) || failed.error() == PollError.TOO_MANY_REDIRECTS)) {
            return fresh(RobotsTxt.ALLOW_ALL, ttl);
        }
        return fresh(RobotsTxt.unreachable(unreachableDetail(result)), ttl.compareTo(UNREACHABLE_TTL) < 0 ? ttl : UNREACHABLE_TTL);
    }

    private static String unreachableDetail(FetchResult result) {
        if (result instanceof FetchResult.Failed failed) {
            return failed.status() > 0 ? "HTTP " + failed.status() : failed.error().code() + ": " + failed.detail();
        }
        return result.status() > 0 ? "HTTP " + result.status() : result.outcome();
    }

    private static Entry fresh(RobotsTxt rules, Duration lifetime) {
        return new Entry(rules, System.nanoTime() + lifetime.toNanos());
    }

    /** {@code scheme://host[:port]}, lower-cased: robots.txt applies per origin. */
    static String origin(URI page) {
        String scheme = page.getScheme().toLowerCase(Locale.ROOT);
        String host = page.getHost().toLowerCase(Locale.ROOT);
        return scheme + "://" + host + (page.getPort() >= 0 ? ":" + page.getPort() : "");
    }
}
