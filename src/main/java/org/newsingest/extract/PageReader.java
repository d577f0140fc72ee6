package org.newsingest.extract;

import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.util.Locale;
import java.util.Optional;
import org.newsingest.fetch.FetchResult;
import org.newsingest.fetch.LogSafe;
import org.newsingest.fetch.PageFetcher;

/**
 * Reads one article page: asks {@code robots.txt} first, fetches through the guarded
 * {@link PageFetcher}, refuses what is not HTML, decodes with {@link PageCharset} and hands the text
 * to the {@link ArticleExtractor}. The raw HTML lives only for the length of this call.
 */
@ApplicationScoped
public class PageReader {

    private final PageFetcher pages;
    private final RobotsCache robots;
    private final ExtractMetrics metrics;
    private final ArticleExtractor extractor = new ArticleExtractor();
    private final int maxBodyChars;

    PageReader(PageFetcher pages, RobotsCache robots, ExtractMetrics metrics, ExtractConfig config) {
        this.pages = pages;
        this.robots = robots;
        this.metrics = metrics;
        this.maxBodyChars = config.maxBodyChars();
    }

    /** What robots.txt says about a page: disallowed, or allowed with the host's Crawl-delay. */
    public RobotsTxt robotsFor(URI page) {
        return robots.rulesFor(page);
    }

    /**
     * A page {@code robots} disallows: recorded, counted, and never requested. {@code robots_unreachable}
     * when the host's robots.txt could not be read (its rules are unknown, so nothing is allowed),
     * {@code robots_disallowed} when its rules exclude the page.
     */
    ExtractionOutcome.Skipped disallowed(URI page, RobotsTxt robots) {
        metrics.robotsDenied();
        if (robots.unreachable().isPresent()) {
            return new ExtractionOutcome.Skipped("robots_unreachable",
                    "robots.txt of " + LogSafe.text(page.getHost(), 100) + " unreachable (" + robots.unreachable().get() + "): every page is disallowed for a while",
                    Optional.empty());
        }
        return new ExtractionOutcome.Skipped("robots_disallowed", "robots.txt disallows " + LogSafe.url(page.toString()), Optional.empty());
    }

    /** Fetches and reads {@code page}, which robots.txt allows. Never throws. */
    public ExtractionOutcome read(URI page) {
        FetchResult fetched = pages.fetch(page);
        metrics.pageFetched(fetched.outcome());
        if (fetched instanceof FetchResult.Abandoned abandoned) {
            return new ExtractionOutcome.Deferred(java.time.Instant.now(), abandoned.detail());
        }
        if (!(fetched instanceof FetchResult.Modified document)) {
            return failed(fetched);
        }
        Optional<String> type = document.contentType();
        if (!isHtml(type, document.body())) {
            return new ExtractionOutcome.Skipped("not_html", "the page is " + type.orElse("not HTML (no Content-Type)"), Optional.of(document.finalUrl()));
        }
        PageReading reading;
        try {
            reading = extractor.read(PageCharset.decode(document.body(), type), document.finalUrl());
        } catch (RuntimeException e) {
            // The extractor is a library to us: its surprise costs this page's body, nothing else.
            return new ExtractionOutcome.Failed("extractor_error", e.getClass().getSimpleName() + ": " + LogSafe.text(String.valueOf(e.getMessage()), 200));
        }
        if (reading instanceof PageReading.NotArticle not) {
            if (not.reason().equals("paywalled")) {
                return new ExtractionOutcome.Paywalled(not.detail(), not.metadata(), document.finalUrl());
            }
            return new ExtractionOutcome.Skipped(not.reason(), not.detail(), Optional.of(document.finalUrl()));
        }
        PageReading.Article article = (PageReading.Article) reading;
        if (article.metadata().accessibleForFree().filter(free -> !free).isPresent()) {
            return new ExtractionOutcome.Paywalled("the page says isAccessibleForFree: false", article.metadata(), document.finalUrl());
        }
        return new ExtractionOutcome.Extracted(capped(article.bodyText(), maxBodyChars), article.metadata(), document.finalUrl());
    }

    private static ExtractionOutcome.Failed failed(FetchResult fetched) {
        if (fetched instanceof FetchResult.Failed failed) {
            return new ExtractionOutcome.Failed(failed.error().code(), failed.detail());
        }
        if (fetched instanceof FetchResult.RateLimited limited) {
            return new ExtractionOutcome.Failed("rate_limited", "HTTP " + limited.status());
        }
        if (fetched instanceof FetchResult.Gone gone) {
            return new ExtractionOutcome.Failed("gone", "HTTP " + gone.status());
        }
        return new ExtractionOutcome.Failed("http_" + fetched.status(), "HTTP " + fetched.status() + " to an unconditional request");
    }

    /** HTML by its Content-Type; without one, anything that does not start like a PDF or an image is tried. */
    static boolean isHtml(Optional<String> contentType, byte[] body) {
        if (contentType.isPresent()) {
            String type = contentType.get().toLowerCase(Locale.ROOT).split(";", 2)[0].strip();
            return type.equals("text/html") || type.equals("application/xhtml+xml");
        }
        String start = new String(body, 0, Math.min(body.length, 8), java.nio.charset.StandardCharsets.ISO_8859_1);
        return !start.startsWith("%PDF") && !start.startsWith("\u0089PNG") && !start.startsWith("GIF8") && !start.startsWith("\u00ff\u00d8");
    }

    /** At most {@code max} characters, cut after the last whole word. */
    static String capped(String body, int max) {
        if (body.length() <= max) {
            return body;
        }
        int cut = body.lastIndexOf(' ', max);
        return body.substring(0, cut > max / 2 ? cut : max).strip();
    }
}
