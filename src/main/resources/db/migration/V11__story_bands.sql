-- Copies of a story in other outlets are now found by the band keys of their text (MinHash
-- locality-sensitive hashing, see dedupe.StoryFingerprint) instead of a scan of the last 7 days of
-- items, which grew with the store: twelve rows per item, one per band key, looked up with one
-- `band = ANY(?)` btree scan per document. V12 computes the keys of items already stored within
-- the window; the 64-bit SimHash they replace could not be indexed.
--
-- Derived rows, written in the item's own transaction (store.ItemStore) and pruned once older
-- than the window (store.StoryBandRetention). No foreign key: items are never deleted, and the
-- check would cost twelve index probes per stored item. A revision adds the keys of its new text;
-- the old ones stay until they are pruned (a match on them is still confirmed on the current text).
CREATE TABLE story_band (
    band          BIGINT      NOT NULL,
    item_id       UUID        NOT NULL,
    feed_id       BIGINT      NOT NULL,
    first_seen_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX story_band_band_idx ON story_band (band);
-- Rows arrive in time order, so a BRIN index finds the expired ones at almost no cost.
CREATE INDEX story_band_first_seen_idx ON story_band USING brin (first_seen_at);

ALTER TABLE item DROP COLUMN story_fingerprint;
