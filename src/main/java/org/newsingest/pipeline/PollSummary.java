package org.newsingest.pipeline;

/**
 * What one poll stored: new items, new revisions, sightings of stored items, other outlets'
 * copies stored as duplicates, and how many entries the document had.
 */
public record PollSummary(int created, int revised, int sighted, int duplicates, int entries) {

    public static final PollSummary NOTHING = new PollSummary(0, 0, 0, 0, 0);
}
