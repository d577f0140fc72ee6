-- Copies of a story in other outlets are now found through an index on band keys of the text
-- (MinHash locality-sensitive hashing, see dedupe.StoryFingerprint) instead of a scan of the last
-- 7 days of items, which grew with the store. V12 computes the keys of items already stored
-- within that window; the 64-bit SimHash they replace could not be indexed.
ALTER TABLE item ADD COLUMN story_bands BIGINT[];
-- A small pending list: new keys are still merged into the index in bulk, and the list every
-- search must also read stays short under a steady stream of inserts.
CREATE INDEX item_story_bands_idx ON item USING gin (story_bands) WITH (gin_pending_list_limit = 256);
ALTER TABLE item DROP COLUMN story_fingerprint;
