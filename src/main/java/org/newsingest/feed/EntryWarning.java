package org.newsingest.feed;

/**
 * One entry of a polled document that was refused or repaired before it was stored. Kept on the
 * poll's fetch-log line ({@code GET /api/v1/feeds/{id}/fetches}), so one bad entry costs only itself
 * and is still on record.
 *
 * @param entry which entry: its GUID, else its link, else {@code #<position in the document>}
 * @param code a stable, machine-readable reason, e.g. {@code field_truncated}
 * @param detail a sentence for the operator
 */
public record EntryWarning(String entry, String code, String detail) {}
