-- Issue 16 finding 6: ?q= on /api/v1/items is a substring search (title OR summary ILIKE
-- '%text%'), which no B-tree can serve. Trigram indexes can: pg_trgm ships with PostgreSQL and is a
-- trusted extension since PostgreSQL 13, so the database owner may create it. Each side of the OR
-- uses its own index, combined in a bitmap.
--
-- Not CONCURRENTLY: Flyway's transactional lock would make a concurrent build wait on Flyway itself.
-- A plain build blocks writes to item while it runs (seconds per million items); migrations run in
-- the migration Job before a rollout (docs/operating.md), not under a serving pod.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE INDEX item_title_trgm_idx ON item USING gin (title gin_trgm_ops);
CREATE INDEX item_summary_trgm_idx ON item USING gin (summary gin_trgm_ops);
