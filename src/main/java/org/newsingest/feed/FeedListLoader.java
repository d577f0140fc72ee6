package org.newsingest.feed;

import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.newsingest.config.IngestConfig;

/**
 * Loads the feed list at start: the feeds file when one is configured (synced on every start,
 * for GitOps and ConfigMaps), else the bundled default list into an empty database.
 */
@ApplicationScoped
public class FeedListLoader {

    static final String BUNDLED_LIST = "feeds/default-feeds.yaml";

    private final FeedRegistry registry;
    private final IngestConfig config;

    FeedListLoader(FeedRegistry registry, IngestConfig config) {
        this.registry = registry;
        this.config = config;
    }

    void onStart(@Observes StartupEvent event) {
        if (config.feedsFile().isPresent()) {
            Path file = Path.of(config.feedsFile().get());
            List<FeedListEntry> entries = FeedLists.parse(read(file));
            registry.syncFeedList(entries);
            Log.infof("feed list: %d feeds from %s", entries.size(), file);
        } else if (registry.isEmpty()) {
            List<FeedListEntry> entries = FeedLists.parse(bundled());
            registry.syncFeedList(entries);
            Log.infof("feed list: first start, subscribed the %d bundled default feeds", entries.size());
        }
    }

    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the feeds file " + file, e);
        }
    }

    private static byte[] bundled() {
        try (InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(BUNDLED_LIST)) {
            if (in == null) {
                throw new IllegalStateException(BUNDLED_LIST + " is missing from the application");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
