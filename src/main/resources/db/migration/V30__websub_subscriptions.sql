-- WebSub (W3C Recommendation) subscriptions: one row per feed that advertises a hub (push/).
-- State lives here, not in memory, so any replica answers a hub's callback and a restart loses
-- nothing. The callback id is the unguessable last segment of the callback URL (128 random
-- bits, base64url); the secret signs the hub's content distribution requests (X-Hub-Signature).
CREATE TABLE websub_subscription (
    id               BIGINT      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    feed_id          BIGINT      NOT NULL REFERENCES feed (id),
    callback_id      TEXT        NOT NULL,
    secret           TEXT        NOT NULL,
    hub_url          TEXT        NOT NULL,
    topic_url        TEXT        NOT NULL,
    -- requested: we asked (or will ask) the hub and wait for its verification of intent;
    -- verified: the hub confirmed, pushes are expected until lease_expires_at;
    -- denied / failed: the hub said no, or refused the request; retried at next_action_at;
    -- unsubscribing: we asked the hub to stop (feed deleted or paused); unsubscribed: it confirmed.
    state            TEXT        NOT NULL DEFAULT 'requested'
                     CHECK (state IN ('requested', 'verified', 'denied', 'failed', 'unsubscribing', 'unsubscribed')),
    lease_seconds    INTEGER,
    lease_expires_at TIMESTAMPTZ,
    -- The first verification of this callback: with last_push_at, when pushes have stopped.
    confirmed_at     TIMESTAMPTZ,
    verified_at      TIMESTAMPTZ,
    last_push_at     TIMESTAMPTZ,
    last_error       TEXT,
    -- When the subscriber job acts on the row next (send, resend, renew, unsubscribe); NULL: never.
    next_action_at   TIMESTAMPTZ,
    attempts         INTEGER     NOT NULL DEFAULT 0,
    created_at       TIMESTAMPTZ NOT NULL DEFAULT now(),
    CONSTRAINT websub_subscription_feed_unique UNIQUE (feed_id),
    CONSTRAINT websub_subscription_callback_unique UNIQUE (callback_id)
);

CREATE INDEX websub_subscription_due_idx ON websub_subscription (next_action_at) WHERE next_action_at IS NOT NULL;
