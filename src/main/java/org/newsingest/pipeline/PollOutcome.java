package org.newsingest.pipeline;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.newsingest.feed.EntryWarning;
import org.newsingest.feed.PollError;
import org.newsingest.fetch.FetchResult;
import org.newsingest.filter.FilteredEntry;
import org.newsingest.parse.ParsedFeed;
import org.newsingest.store.ItemCandidate;

/** What one poll of a feed came to: {@link PollRecorder#record} writes it to the feed under the poll's lease. */
sealed interface PollOutcome {

    /** From the start of the fetch to the outcome, for the fetch log. */
    Duration elapsed();

    /** A new document, parsed, prepared and sorted by the feed's filters: its entries are stored. */
    record Document(FetchResult.Modified fetched, String bodyHash, ParsedFeed document, List<ItemCandidate> candidates,
                    List<FilteredEntry> filtered, List<EntryWarning> warnings, Duration elapsed) implements PollOutcome {}

    /** A 304, or a 200 whose body is byte for byte the last one. */
    record Unchanged(int status, long bytes, FetchResult.CacheHints hints, Optional<URI> permanentRedirect, Duration elapsed)
            implements PollOutcome {}

    /** The fetch, the parse or the store failed; {@code status} is 0 when no response came. */
    record Failed(int status, PollError error, String detail, Duration elapsed) implements PollOutcome {}

    /** A 429, or a 503 with a Retry-After. */
    record RateLimited(FetchResult.RateLimited limited, Duration elapsed) implements PollOutcome {}

    /** A 410: the publisher removed the feed. */
    record Gone(int status, Duration elapsed) implements PollOutcome {}
}
