-- Rows the console benchmark (bench.ConsoleBenchmark) seeds directly, in a fresh database.
-- Placeholders: {feeds} feeds on {hosts} hosts; {items} items spread over them and over the last
-- 14 days, each with two topics and its origin sighting; a sent outbox event for the newest
-- {events} items. One feed in 50 is failing (HTTP 403 from its host), one in 97 paused. Nothing is
-- due: the scheduler leaves every feed alone while the pages are measured.
INSERT INTO feed (url, normalized_url, title, tags, state, origin, next_poll_at, last_fetched_at, last_status,
                  last_error, last_error_detail, consecutive_failures)
SELECT 'https://host' || (n % {hosts}) || '.bench.example/feed/' || n,
       'https://host' || (n % {hosts}) || '.bench.example/feed/' || n,
       'Bench feed ' || n || ' ' || md5(n::text),
       ARRAY['bench', 'group-' || (n % 20)],
       CASE WHEN n % 50 = 0 THEN 'failing' WHEN n % 97 = 0 THEN 'paused' ELSE 'active' END,
       'api',
       now() + interval '1 day',
       now() - make_interval(secs => n % 3600),
       CASE WHEN n % 50 = 0 THEN 403 ELSE 200 END,
       CASE WHEN n % 50 = 0 THEN 'http_4xx' END,
       CASE WHEN n % 50 = 0 THEN 'the server answered 403 Forbidden' END,
       CASE WHEN n % 50 = 0 THEN 7 ELSE 0 END
FROM generate_series(1, {feeds}) AS n;

INSERT INTO item (id, story_id, feed_id, guid, url, canonical_url, title, summary, language, first_seen_at, topics, content_hash)
SELECT md5('console-item-' || n)::uuid,
       md5('console-item-' || n)::uuid,
       f.first + n % {feeds},
       'urn:console:' || n,
       'https://bench.example/story/' || n,
       'https://bench.example/story/' || n,
       'Bench story ' || n || ' about ' || md5(n::text),
       'A short summary of bench story ' || n,
       CASE WHEN n % 3 = 0 THEN 'ru' ELSE 'en' END,
       now() - make_interval(secs => (n::bigint * 1209600 / {items})),
       jsonb_build_array(
           jsonb_build_object('id', (ARRAY['geo:UA', 'geo:RU', 'geo:US', 'geo:DE', 'geo:FR'])[1 + n % 5],
                              'label', 'Place', 'labelEn', 'Place', 'source', 'text', 'score', 0.8),
           jsonb_build_object('id', (ARRAY['mediatopic:11000000', 'mediatopic:04000000', 'mediatopic:15000000'])[1 + n % 3],
                              'label', 'Subject', 'labelEn', 'Subject', 'source', 'category', 'score', 0.5)),
       md5('content' || n)
FROM generate_series(1, {items}) AS n, (SELECT min(id) AS first FROM feed) AS f;

INSERT INTO item_sighting (item_id, feed_id, identity_key, guid, url, match_reason, seen_at)
SELECT id, feed_id, 'guid:' || guid, guid, url, 'origin', first_seen_at FROM item;

INSERT INTO outbox_event (event_id, item_id, event_type, source, subject, topics, payload, created_at, status, sent_at)
SELECT md5('event-' || id)::uuid, id, 'news.item.created', 'https://bench.example/', id::text, '', '{}', first_seen_at, 'sent', first_seen_at
FROM item ORDER BY first_seen_at DESC LIMIT {events};

ANALYZE;
