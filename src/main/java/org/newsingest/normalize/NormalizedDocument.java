package org.newsingest.normalize;

import java.util.List;
import java.util.Optional;
import org.newsingest.feed.EntryWarning;

/**
 * A parsed document cleaned for storage: the feed's title as plain text, the entries that can be
 * stored (in document order, at most the configured number), and one warning per entry that was
 * repaired or refused on the way.
 */
public record NormalizedDocument(Optional<String> title, List<NormalizedItem> items, List<EntryWarning> warnings) {}
