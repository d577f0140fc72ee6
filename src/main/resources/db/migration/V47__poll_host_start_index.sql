-- The feed claim skips hosts whose next start slot is beyond its horizon (schedule/FeedClaimer):
-- the few hosts with a start reserved in the near future, found by this index instead of a scan
-- of every host.
CREATE INDEX poll_host_last_start_idx ON poll_host (last_start_at);
