-- Delivery: replay jobs, and what the relay needs to report its backlog.
-- (V3, not V2: other work may add its own V2; Flyway allows the gap.)

-- A request to re-publish stored items' latest events (POST /api/v1/replay). The job itself is
-- one INSERT ... SELECT into the outbox, so it is never half-queued; its progress is the state
-- of the outbox rows it queued, and cancelling deletes the ones not yet sent.
CREATE TABLE replay_job (
    id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    from_time    TIMESTAMPTZ NOT NULL,
    to_time      TIMESTAMPTZ NOT NULL,
    feed_id      BIGINT REFERENCES feed (id),
    topic        TEXT,
    state        TEXT        NOT NULL DEFAULT 'queued' CHECK (state IN ('queued', 'cancelled')),
    total        INTEGER     NOT NULL DEFAULT 0,
    requested_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    cancelled_at TIMESTAMPTZ,
    CHECK (from_time < to_time)
);

-- A replayed row is a copy of the item's latest row: same event_id, payload and created_at (so
-- ce_id and ce_time are the original ones). queued_at is when the row entered the outbox; the
-- backlog age is measured from it, not from created_at.
ALTER TABLE outbox_event ADD COLUMN replay_job_id BIGINT REFERENCES replay_job (id);
ALTER TABLE outbox_event ADD COLUMN queued_at TIMESTAMPTZ NOT NULL DEFAULT now();
UPDATE outbox_event SET queued_at = created_at;

CREATE INDEX outbox_replay_idx ON outbox_event (replay_job_id) WHERE replay_job_id IS NOT NULL;
CREATE INDEX outbox_event_id_idx ON outbox_event (event_id);
CREATE INDEX outbox_dead_idx ON outbox_event (id) WHERE status = 'dead';
