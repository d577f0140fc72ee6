-- Per-host politeness across replicas (schedule/FeedClaimer). The claim query counts the leases
-- held on a host cluster-wide and spaces request starts to a host using poll_host.

-- The host of the feed's URL, lower-cased, without user info or port (IPv6 literals keep their
-- brackets). Generated, so it follows every URL change (a permanent redirect, a re-subscribe).
ALTER TABLE feed ADD COLUMN host TEXT NOT NULL GENERATED ALWAYS AS (
    coalesce(lower(substring(url FROM '^[A-Za-z][A-Za-z0-9+.-]*://(?:[^/?#@]*@)?(\[[^]/?#]*\]|[^/?#:]*)')), '')
) STORED;

-- Leases currently held on a host: the claim query's per-host cap.
CREATE INDEX feed_leased_host_idx ON feed (host) WHERE lease_owner IS NOT NULL;

-- When the last claimed request to a host may start, cluster-wide. Claims reserve start slots
-- ingest.fetch.per-host-spacing apart; the worker waits for its slot before fetching.
CREATE TABLE poll_host (
    host          TEXT        PRIMARY KEY,
    last_start_at TIMESTAMPTZ NOT NULL
);
