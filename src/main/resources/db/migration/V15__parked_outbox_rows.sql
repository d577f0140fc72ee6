-- A row the main topic acknowledged but a routed topic refused for good (no ACL for it, the
-- record too large there) is 'parked': settled, with the topic named in last_error, so it no
-- longer heads every batch and the rows behind it pass (publish.OutboxRelay).
ALTER TABLE outbox_event DROP CONSTRAINT outbox_event_status_check;
ALTER TABLE outbox_event ADD CONSTRAINT outbox_event_status_check CHECK (status IN ('pending', 'sent', 'dead', 'parked'));
