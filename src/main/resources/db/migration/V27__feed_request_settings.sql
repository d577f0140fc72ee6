-- Per-feed request settings. request_headers holds the headers sealed by feed.HeaderSecrets
-- (AES-GCM when INGEST_SECRETS_KEY is set, plain JSON otherwise); the API shows only their names.
ALTER TABLE feed ADD COLUMN request_headers TEXT;
ALTER TABLE feed ADD COLUMN request_header_names TEXT[] NOT NULL DEFAULT '{}';
ALTER TABLE feed ADD COLUMN user_agent TEXT;
