-- Rows the benchmarks (bench.ThroughputBenchmarkIT) seed directly. The ONE place that knows the
-- feed/item/item_sighting columns: when a migration changes those tables, update this file.
-- Sections start with "-- @name"; the first one (@items) stores items for the dedupe scaling scenario.
-- @items
-- Placeholders replaced before running: {from} and {to} (item numbers, from inclusive, to
-- exclusive). The items belong to a paused seed feed, so the scheduler never polls it. They look
-- like the pipeline's own: a unique canonical URL, a guid identity key, 12 random band keys in
-- story_band (a fingerprint), first seen within the last 7 days (the similarity window), so every
-- lookup the store makes has real rows to search.
INSERT INTO feed (url, normalized_url, title, state, origin)
VALUES ('https://seed.example/feed', 'https://seed.example/feed', 'Seed feed', 'paused', 'api')
ON CONFLICT (normalized_url) DO NOTHING;

INSERT INTO item (id, story_id, feed_id, guid, url, canonical_url, title, summary, content_text,
                  author, language, published_at, updated_at, first_seen_at, categories, topics,
                  enclosures, content_hash, revision)
SELECT md5('seed-item-' || n)::uuid,
       md5('seed-item-' || n)::uuid,
       (SELECT id FROM feed WHERE normalized_url = 'https://seed.example/feed'),
       'urn:seed:' || n,
       'https://seed.example/story/' || n,
       'https://seed.example/story/' || n,
       'Seeded story number ' || n || ' about ' || md5(n::text),
       repeat(md5('summary' || n) || ' ', 8),
       NULL,
       'Seed Author',
       'en',
       now() - make_interval(secs => n % 604800),
       NULL,
       now() - make_interval(secs => n % 604800),
       ARRAY['Seed', 'Bench'],
       '[]'::jsonb,
       '[]'::jsonb,
       md5('content' || n),
       1
FROM generate_series({from}, {to} - 1) AS n;

INSERT INTO story_band (band, item_id, feed_id, first_seen_at)
SELECT ('x' || substr(md5('band' || n || '/' || band), 1, 16))::bit(64)::bigint,
       md5('seed-item-' || n)::uuid,
       (SELECT id FROM feed WHERE normalized_url = 'https://seed.example/feed'),
       now() - make_interval(secs => n % 604800)
FROM generate_series({from}, {to} - 1) AS n, generate_series(1, 12) AS band;

INSERT INTO item_sighting (item_id, feed_id, identity_key, guid, url, match_reason, seen_at)
SELECT md5('seed-item-' || n)::uuid,
       (SELECT id FROM feed WHERE normalized_url = 'https://seed.example/feed'),
       'guid:' || encode(sha256(convert_to('urn:seed:' || n, 'UTF8')), 'hex'),
       'urn:seed:' || n,
       'https://seed.example/story/' || n,
       'origin',
       now() - make_interval(secs => n % 604800)
FROM generate_series({from}, {to} - 1) AS n;

-- @feeds
-- The poll-capacity scenario's feeds, subscribed directly (a feed-list file of 10,000
-- feeds is measured separately, in the footprint scenario). Placeholders: {count} feeds,
-- {hosts} loopback addresses, all serving on {port}; feed n lives on host n % {hosts} as
-- /feeds/n.xml (see bench.LoopbackFeeds), polled every {interval} seconds, first polls spread
-- over one interval.
INSERT INTO feed (url, normalized_url, title, poll_interval_seconds, state, origin, next_poll_at)
SELECT u, u, 'Bench feed ' || n, {interval}, 'active', 'api', now() + make_interval(secs => random() * {interval})
FROM generate_series(0, {count} - 1) AS n,
     LATERAL (SELECT 'http://127.0.' || ((n % {hosts}) / 250) || '.' || (1 + (n % {hosts}) % 250) || ':{port}/feeds/' || n || '.xml' AS u) AS url;
