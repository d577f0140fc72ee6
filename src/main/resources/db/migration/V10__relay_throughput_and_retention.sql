-- The relay at scale (V10: the version assigned to the relay work).

-- The claim's "no earlier pending event of the same item" check probes only pending rows, so with
-- a large backlog it stays an index-only lookup instead of walking every row the item ever had.
CREATE INDEX outbox_pending_item_idx ON outbox_event (item_id, id) WHERE status = 'pending';

-- Retention prunes sent rows oldest first, in bounded batches.
CREATE INDEX outbox_sent_at_idx ON outbox_event (sent_at) WHERE status = 'sent';

-- A replay now rebuilds events from the item store in bounded chunks, in (first_seen_at, id)
-- order (item_newest_idx): the job remembers the last item it queued, how many copies it queued
-- (so its progress survives the pruning of sent copies) and whether every chunk is queued.
ALTER TABLE replay_job ADD COLUMN next_item_id UUID;
ALTER TABLE replay_job ADD COLUMN queued INTEGER NOT NULL DEFAULT 0;
ALTER TABLE replay_job ADD COLUMN fully_queued BOOLEAN NOT NULL DEFAULT false;
-- Replays queued before V10 were queued in one statement.
UPDATE replay_job j SET fully_queued = true,
       queued = (SELECT count(*) FROM outbox_event e WHERE e.replay_job_id = j.id);
