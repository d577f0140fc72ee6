-- Gap detection and sitemap backfill. last_entry_keys are the identity keys of the feed's last
-- non-empty document (bounded by ingest.poll.max-entries-per-document); a later document that
-- shares none of them and brings only entries never stored is a gap. window_seconds is the span
-- of publication dates the last document covered: a poll later than that after the last good
-- one may have missed entries too. After either, the feed's sitemap_url (a news sitemap) is read
-- for the entries published since the last good poll.
ALTER TABLE feed ADD COLUMN sitemap_url TEXT;
ALTER TABLE feed ADD COLUMN gap_count INTEGER NOT NULL DEFAULT 0;
ALTER TABLE feed ADD COLUMN last_gap_at TIMESTAMPTZ;
ALTER TABLE feed ADD COLUMN last_good_poll_at TIMESTAMPTZ;
ALTER TABLE feed ADD COLUMN last_entry_keys TEXT[];
ALTER TABLE feed ADD COLUMN window_seconds BIGINT;
