-- The locks of the "same story by text?" decision (store.StoryLocks): a document locks the rows of
-- its entries' band keys, ascending, until it commits. Row locks live in the rows, not in
-- PostgreSQL's shared lock table, so a document of any length locks its exact band keys; the
-- advisory locks used before had to fold a long document's keys into 256 slots, and every long
-- document then waited for every other.
-- Unlogged: the rows carry nothing worth keeping (a crash empties the table, and the next
-- document inserts its rows again). Half-full pages leave room for the HOT update of taken_at.
CREATE UNLOGGED TABLE story_band_guard (
    band     bigint      PRIMARY KEY,
    taken_at timestamptz NOT NULL
) WITH (fillfactor = 50);
