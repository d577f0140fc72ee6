-- Entries of a document that were refused or repaired on the way to the store (control
-- characters, over-long fields, a canonical URL another item owns, ...): one poll, one record, so
-- an operator sees which entry cost what without the rest of the document being lost.
ALTER TABLE fetch_log ADD COLUMN warnings JSONB NOT NULL DEFAULT '[]';
