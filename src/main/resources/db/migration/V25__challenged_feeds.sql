-- A feed a bot-protection service answered for (Cloudflare challenge and the like) is
-- 'challenged': polled again on its own back-off, like a failing feed, but never taken for gone.
ALTER TABLE feed DROP CONSTRAINT feed_state_check;
ALTER TABLE feed ADD CONSTRAINT feed_state_check
    CHECK (state IN ('active', 'paused', 'failing', 'gone', 'challenged'));

-- The claim query polls challenged feeds too: the due index covers them.
DROP INDEX feed_due_idx;
CREATE INDEX feed_due_idx ON feed (next_poll_at) WHERE deleted_at IS NULL AND state IN ('active', 'failing', 'challenged');
