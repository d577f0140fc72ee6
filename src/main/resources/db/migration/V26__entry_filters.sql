-- Per-feed keep/block rules (RE2 patterns), and the entries they dropped. A dropped entry is
-- recorded here with the rule that dropped it, once per feed and identity key: it never becomes
-- an item and publishes nothing.
ALTER TABLE feed ADD COLUMN filters JSONB;
ALTER TABLE feed ADD COLUMN filtered_count BIGINT NOT NULL DEFAULT 0;

CREATE TABLE item_filtered (
    feed_id      BIGINT      NOT NULL REFERENCES feed (id),
    identity_key TEXT        NOT NULL,
    url          TEXT,
    title        TEXT,
    rule         TEXT        NOT NULL,
    filtered_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (feed_id, identity_key)
);
