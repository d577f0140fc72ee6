package org.newsingest.pipeline;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** What a poll needs to know about its feed, read before the fetch so no transaction stays open during it. */
record FeedSnapshot(
        long id,
        URI url,
        Optional<String> etag,
        Optional<String> lastModified,
        Optional<String> bodyHash,
        List<String> tags,
        Optional<Duration> pollInterval,
        Optional<Integer> lastItemCount) {}
