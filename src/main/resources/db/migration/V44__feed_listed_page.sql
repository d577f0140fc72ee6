-- The web page a feed list (or the API) named when discovery subscribed the feed it advertises,
-- normalized. The feed-list sync of a later start recognises the page by it and does not fetch it
-- again.
ALTER TABLE feed ADD COLUMN listed_url TEXT;
CREATE INDEX feed_listed_url ON feed (listed_url) WHERE listed_url IS NOT NULL;
