-- The URLs an article page named its story by (where its redirects ended, the canonical URL it
-- declared), normalised as entry links are (dedupe.PageUrls). extract.PageStoryJoin joins a new
-- story to an earlier one of another feed whose link or page meets it on one of them
-- (docs/dedupe.md, "Page URLs"). feed_id: a URL two stories of one feed declare names neither.
CREATE TABLE item_page_url (
    url     TEXT   NOT NULL,
    item_id UUID   NOT NULL REFERENCES item (id) ON DELETE CASCADE,
    feed_id BIGINT NOT NULL,
    PRIMARY KEY (url, item_id)
);

CREATE INDEX item_page_url_item_idx ON item_page_url (item_id);
