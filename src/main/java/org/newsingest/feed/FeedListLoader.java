package org.newsingest.feed;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.vertx.http.HttpServerStart;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.ObservesAsync;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.newsingest.config.IngestConfig;

/**
 * Loads the feed list once the service listens: the feeds file when one is configured (synced on
 * every start, for GitOps and ConfigMaps), else the bundled default list into an empty database.
 * Readiness does not wait for it (comparing 10,000 feeds took a second of the start); the feeds
 * already in the database are polled meanwhile. A file that cannot be read or parsed no longer
 * stops the start: the feeds stay as they were, and the error is logged, shown by
 * {@code GET /api/v1/feeds/list-status} and counted by {@code ingest_feed_list_sync_failed}.
 */
@ApplicationScoped
public class FeedListLoader {

    static final String BUNDLED_LIST = "feeds/default-feeds.yaml";
    static final String BUNDLED = "bundled";

    private final FeedRegistry registry;
    private final ListedUrlDiscovery discovery;
    private final IngestConfig config;
    private final AtomicReference<FeedListStatus> status;
    private final AtomicBoolean started = new AtomicBoolean();

    FeedListLoader(FeedRegistry registry, ListedUrlDiscovery discovery, IngestConfig config, MeterRegistry metrics) {
        this.registry = registry;
        this.discovery = discovery;
        this.config = config;
        this.status = new AtomicReference<>(new FeedListStatus.Pending(source()));
        Gauge.builder("ingest_feed_list_sync_failed", status, current -> current.get() instanceof FeedListStatus.Failed ? 1 : 0)
                .description("1 when the last feed-list sync could not read or parse the list (see GET /api/v1/feeds/list-status)")
                .register(metrics);
        Gauge.builder("ingest_feed_list_skipped_entries", status,
                        current -> current.get() instanceof FeedListStatus.Synced synced ? synced.skipped().size() : 0)
                .description("entries the last feed-list sync refused (invalid or not allowed URL, interval out of range, a page that leads to no feed)")
                .register(metrics);
        Gauge.builder("ingest_feed_list_discovered_entries", status,
                        current -> current.get() instanceof FeedListStatus.Synced synced ? synced.discovered().size() : 0)
                .description("web pages the feeds file lists that the last sync subscribed as the feed they advertise")
                .register(metrics);
    }

    /** Fired (asynchronously) once the HTTP server listens; the event may come once per server kind, the sync runs once. */
    void onListening(@ObservesAsync HttpServerStart event) {
        if (started.compareAndSet(false, true)) {
            sync();
        }
    }

    /** Syncs the list now and records the outcome; never throws. */
    public FeedListStatus sync() {
        String source = source();
        FeedListStatus outcome;
        try {
            outcome = apply(source);
        } catch (RuntimeException e) {
            String error = e.getCause() instanceof IOException io ? e.getMessage() + ": " + io : e.getMessage();
            Log.errorf("feed list: %s not applied, the subscribed feeds stay as they were: %s", source, error);
            outcome = new FeedListStatus.Failed(source, error, Instant.now());
        }
        status.set(outcome);
        return outcome;
    }

    public FeedListStatus status() {
        return status.get();
    }

    private FeedListStatus apply(String source) {
        ListedPages.Resolved resolved;
        if (config.feedsFile().isPresent()) {
            // The operator's file may name web pages: each becomes the feed it leads to, as in the API.
            resolved = ListedPages.resolve(FeedLists.parse(read(Path.of(source))), registry.knownListings(), discovery);
        } else if (registry.isEmpty()) {
            // The bundled list names feeds only.
            resolved = new ListedPages.Resolved(FeedLists.parse(bundled()), List.of(), List.of());
        } else {
            return new FeedListStatus.NotNeeded(source);
        }
        resolved.skipped().forEach(why -> Log.warnf("feed list: skipped %s", why));
        resolved.discovered().forEach(found -> Log.infof("feed list: the page %s", found));
        List<String> refused = registry.syncFeedList(resolved.entries());
        int feeds = resolved.entries().size() - refused.size();
        List<String> skipped = new ArrayList<>(resolved.skipped());
        skipped.addAll(refused);
        Log.infof("feed list: %d feeds from %s%s", feeds, source, skipped.isEmpty() ? "" : ", " + skipped.size() + " entries skipped");
        return new FeedListStatus.Synced(source, feeds, List.copyOf(skipped), resolved.discovered(), Instant.now());
    }

    private String source() {
        return config.feedsFile().orElse(BUNDLED);
    }

    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the feeds file " + file, e);
        }
    }

    private static byte[] bundled() {
        try (InputStream in = FeedListLoader.class.getClassLoader().getResourceAsStream(BUNDLED_LIST)) {
            if (in == null) {
                throw new IllegalStateException(BUNDLED_LIST + " is missing from the application");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
