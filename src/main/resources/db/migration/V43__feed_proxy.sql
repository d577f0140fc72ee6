-- A feed's own HTTP forward proxy, in place of ingest.fetch.proxy. proxy holds its URL sealed by
-- feed.HeaderSecrets like the request headers (its credentials are secrets); proxy_shown is the
-- URL as the API shows it, credentials replaced by ***.
ALTER TABLE feed ADD COLUMN proxy TEXT;
ALTER TABLE feed ADD COLUMN proxy_shown TEXT;
