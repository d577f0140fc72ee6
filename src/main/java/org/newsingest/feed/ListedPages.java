package org.newsingest.feed;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.newsingest.feed.PollError;
import org.newsingest.fetch.LogSafe;
import org.newsingest.normalize.CanonicalUrl;

/**
 * The feeds file's entries with every web page replaced by the feed it leads to, by the same
 * discovery as the API. Only URLs no feed is known by are fetched (a feed's own URL, or the page
 * an earlier start subscribed it from: {@link FeedRegistry#knownListings()}), so a restart with an
 * unchanged file fetches nothing; new URLs cost one request each (more for a page), at most
 * {@link #PARALLEL} at once, through the poll fetcher's address guard and per-host limits.
 */
final class ListedPages {

    static final int PARALLEL = 4;

    /** The entries to sync, each page found as "page → feed", and each page that leads to no feed as a skipped line. */
    record Resolved(List<FeedListEntry> entries, List<String> discovered, List<String> skipped) {}

    private ListedPages() {}

    static Resolved resolve(List<FeedListEntry> listed, FeedRegistry.KnownListings known, ListedUrlDiscovery discovery) {
        ExecutorService pool = Executors.newFixedThreadPool(PARALLEL, runnable -> {
            Thread thread = new Thread(runnable, "feed-list-discovery");
            thread.setDaemon(true);
            return thread;
        });
        try {
            List<Future<ListedUrlDiscovery.Outcome>> outcomes = new ArrayList<>();
            for (FeedListEntry entry : listed) {
                Optional<String> normalized = CanonicalUrl.of(entry.url().strip());
                Optional<String> pageOf = normalized.map(known.pageToFeed()::get);
                if (normalized.isEmpty() || known.feeds().contains(normalized.get())) {
                    // A known feed, or not a URL the registry would take (it refuses it with its own reason).
                    outcomes.add(CompletableFuture.completedFuture(new ListedUrlDiscovery.Outcome.AsListed()));
                } else if (pageOf.isPresent()) {
                    outcomes.add(CompletableFuture.completedFuture(new ListedUrlDiscovery.Outcome.Found(URI.create(pageOf.get()), Optional.empty())));
                } else {
                    outcomes.add(pool.submit(() -> discovery.discoverListed(entry)));
                }
            }
            List<FeedListEntry> entries = new ArrayList<>();
            List<String> discovered = new ArrayList<>();
            List<String> skipped = new ArrayList<>();
            for (int i = 0; i < listed.size(); i++) {
                FeedListEntry entry = listed.get(i);
                ListedUrlDiscovery.Outcome outcome = outcomes.get(i).get();
                if (outcome instanceof ListedUrlDiscovery.Outcome.Found found) {
                    entries.add(entry.discoveredAs(found.feed(), found.newsSitemap()));
                    discovered.add(LogSafe.url(entry.url()) + " → " + LogSafe.url(found.feed()));
                } else if (outcome instanceof ListedUrlDiscovery.Outcome.NoFeed none) {
                    skipped.add(String.format("%s: %s (%s)", LogSafe.url(entry.url()), LogSafe.text(none.detail()), PollError.NOT_A_FEED.code()));
                } else {
                    entries.add(entry);
                }
            }
            return new Resolved(entries, discovered, skipped);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("the feed-list sync was interrupted while discovering listed pages", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("discovering a listed page failed: " + e.getCause(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }
}
