package org.newsingest.pipeline;

import java.time.Instant;
import java.util.Optional;

/**
 * What one poll stored: new items, new revisions, sightings of stored items, other outlets'
 * copies stored as duplicates, and how many entries the document had; whether the document was a
 * gap ({@link GapRule}), and since when the feed's sitemap should be read for what it may have
 * missed (after a gap, or after a downtime longer than the feed's window).
 */
public record PollSummary(int created, int revised, int sighted, int duplicates, int entries, boolean gap, Optional<Instant> backfillSince) {

    public static final PollSummary NOTHING = new PollSummary(0, 0, 0, 0, 0);

    public PollSummary(int created, int revised, int sighted, int duplicates, int entries) {
        this(created, revised, sighted, duplicates, entries, false, Optional.empty());
    }

    PollSummary withGap(boolean gap, Optional<Instant> backfillSince) {
        return new PollSummary(created, revised, sighted, duplicates, entries, gap, backfillSince);
    }
}
