package org.newsingest.feed;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** One feed of a feed list (bundled default, feeds file, or OPML import). */
public record FeedListEntry(String url, Optional<String> title, List<String> tags, Optional<Duration> pollInterval) {}
