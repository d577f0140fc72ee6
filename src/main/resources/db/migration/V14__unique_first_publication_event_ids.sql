-- An event id names one revision of one item (publish.Outbox#eventId). Two first publications
-- with one id would be two different bodies under one ce_id, and a consumer that deduplicates on
-- ce_id could keep the stale one for good. The store now locks the item rows it changes, so this
-- cannot happen; the index makes any regression fail its transaction loudly instead of
-- publishing twice. Replay copies (replay_job_id set) repeat their original's id on purpose.
--
-- Ids queued twice before this version: where both rows were already sent, the older row is
-- removed (both were delivered; retention would prune it anyway). A clash with a pending row is
-- left to fail the migration, naming the id, for an operator to look at.
DELETE FROM outbox_event a
USING outbox_event b
WHERE a.replay_job_id IS NULL AND b.replay_job_id IS NULL
  AND a.event_id = b.event_id AND a.id < b.id
  AND a.status = 'sent' AND b.status = 'sent';

CREATE UNIQUE INDEX outbox_first_publication_uq ON outbox_event (event_id) WHERE replay_job_id IS NULL;
