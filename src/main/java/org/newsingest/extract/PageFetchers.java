package org.newsingest.extract;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import org.newsingest.config.IngestConfig;
import org.newsingest.fetch.AddressGuard;
import org.newsingest.fetch.FeedFetcher;
import org.newsingest.fetch.PageFetcher;

/** The one page fetcher of the instance: the feed fetcher's guard, agent and per-host slots, the page's own limits. */
@ApplicationScoped
class PageFetchers {

    @Produces
    @ApplicationScoped
    PageFetcher pageFetcher(FeedFetcher feeds, IngestConfig ingest, AddressGuard guard, ExtractConfig config) {
        return PageFetcher.sharingSlotsWith(feeds, ingest.fetch(), guard, config.pageTimeout(), config.maxPageBytes(), null);
    }

    void close(@Disposes PageFetcher fetcher) {
        fetcher.close();
    }
}
