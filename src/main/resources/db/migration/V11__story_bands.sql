-- Copies of a story in other outlets are now found through an index on band keys of the text
-- (MinHash locality-sensitive hashing, see dedupe.StoryFingerprint) instead of a scan of the last
-- 7 days of items, which grew with the store. V12 computes the keys of items already stored
-- within that window; the 64-bit SimHash they replace could not be indexed.
ALTER TABLE item ADD COLUMN story_bands BIGINT[];
CREATE INDEX item_story_bands_idx ON item USING gin (story_bands);
ALTER TABLE item DROP COLUMN story_fingerprint;
