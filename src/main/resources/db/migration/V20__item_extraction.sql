-- Full text from the article page (extract/). One row per story whose feed entry lacked the body:
-- the durable queue of page extractions (a restart resumes them, replicas share them with
-- FOR UPDATE SKIP LOCKED) and, once done, the record of what the page gave.
CREATE TABLE item_extraction (
    item_id          UUID        PRIMARY KEY REFERENCES item (id),
    feed_id          BIGINT      NOT NULL,
    -- The page requested: the entry's link. Its host is what the per-host caps count.
    url              TEXT        NOT NULL,
    host             TEXT        NOT NULL GENERATED ALWAYS AS (
        coalesce(lower(substring(url FROM '^[A-Za-z][A-Za-z0-9+.-]*://(?:[^/?#@]*@)?(\[[^]/?#]*\]|[^/?#:]*)')), '')
    ) STORED,
    state            TEXT        NOT NULL CHECK (state IN ('pending', 'extracted', 'skipped', 'paywalled', 'failed')),
    reason           TEXT,
    detail           TEXT,
    final_url        TEXT,
    -- Where each metadata value the page gave came from, e.g. {"author": "json-ld"}.
    metadata_sources JSONB       NOT NULL DEFAULT '{}',
    -- When the story's created event may leave at the latest (the hold), and when the page is due.
    hold_until       TIMESTAMPTZ NOT NULL,
    next_attempt_at  TIMESTAMPTZ NOT NULL,
    claim_owner      TEXT,
    claimed_until    TIMESTAMPTZ,
    queued_at        TIMESTAMPTZ NOT NULL DEFAULT now(),
    finished_at      TIMESTAMPTZ
);
CREATE INDEX item_extraction_due_idx ON item_extraction (next_attempt_at) WHERE state = 'pending';
-- Claims currently held on a host: the claim query's per-host cap, with the feeds' leases.
CREATE INDEX item_extraction_claimed_host_idx ON item_extraction (host) WHERE claim_owner IS NOT NULL;

-- Where contentText came from ('feed' or 'page'), and the event's extraction object
-- {outcome, reason, finalUrl, metadataSources}, kept on the item so every event and the item API
-- are built from the item alone.
ALTER TABLE item ADD COLUMN content_source TEXT NOT NULL DEFAULT 'feed';
ALTER TABLE item ADD COLUMN extraction JSONB;

-- Per feed: whether its stories' pages are fetched for the body (default on).
ALTER TABLE feed ADD COLUMN extract BOOLEAN NOT NULL DEFAULT true;
