package org.newsingest.testing;

import io.quarkus.narayana.jta.QuarkusTransaction;
import java.time.Instant;
import org.newsingest.feed.Feed;

/** Feeds written straight to the store, for tests that drive the store or the scheduler without polling. */
public final class StoredFeeds {

    private StoredFeeds() {}

    /** A subscribed feed at {@code url}, not due for an hour (the scheduler leaves it alone); returns its id. */
    public static long notDue(String url) {
        return QuarkusTransaction.requiringNew().call(() -> {
            Feed feed = new Feed();
            feed.url = url;
            feed.normalizedUrl = url;
            feed.nextPollAt = Instant.now().plusSeconds(3600);
            feed.persist();
            return feed.id;
        });
    }
}
