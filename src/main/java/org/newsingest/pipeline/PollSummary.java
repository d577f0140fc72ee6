package org.newsingest.pipeline;

/** What one poll stored: new items, new revisions, and how many entries the document had. */
public record PollSummary(int created, int revised, int entries) {

    public static final PollSummary NOTHING = new PollSummary(0, 0, 0);
}
