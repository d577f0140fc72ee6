-- Story identity (see docs/dedupe.md).

-- How a feed's entries are keyed. 'guid' until the feed shows it cannot be trusted with GUIDs: the
-- same canonical URL under new GUIDs (churn) or one GUID for different links (collision) switches
-- it to 'url'; a feed whose links do not tell entries apart either is keyed by 'content'. The
-- switch is written on the poll's fetch-log line.
ALTER TABLE feed ADD COLUMN identity_policy TEXT NOT NULL DEFAULT 'guid'
    CHECK (identity_policy IN ('guid', 'url', 'content'));

-- The story key a URL rule derived from the item's link (e.g. 'rferl:33640001'): the same key is
-- the same story whatever the host. Only the first item of a story holds it (the unique index);
-- a later copy under another URL is stored as a duplicate of that item (duplicate_of).
ALTER TABLE item ADD COLUMN story_key TEXT;
ALTER TABLE item ADD COLUMN duplicate_of UUID REFERENCES item (id);
CREATE UNIQUE INDEX item_story_key_unique ON item (story_key) WHERE story_key IS NOT NULL AND duplicate_of IS NULL;
CREATE INDEX item_story_idx ON item (story_id);

-- Sightings are written in JDBC batches: an IDENTITY column makes Hibernate insert them one by
-- one to read each key back, a sequence with pooled allocation (50 ids per round trip) does not.
-- The outbox keeps its IDENTITY: a story's events must be numbered in the order they were queued.
ALTER TABLE item_sighting ALTER COLUMN id DROP IDENTITY;
CREATE SEQUENCE item_sighting_id_seq INCREMENT BY 50;
-- Hibernate's pooled optimiser hands out the 50 ids below each value it reads: start clear of them.
SELECT setval('item_sighting_id_seq', coalesce((SELECT max(id) FROM item_sighting), 0) + 51, false);
ALTER TABLE item_sighting ALTER COLUMN id SET DEFAULT nextval('item_sighting_id_seq');
ALTER SEQUENCE item_sighting_id_seq OWNED BY item_sighting.id;
