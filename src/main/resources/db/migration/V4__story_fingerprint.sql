-- SimHash of each item's text: the same story republished under another URL is recognised by a
-- fingerprint a few bits away (see StoryFingerprint). Compared only against recent items.
ALTER TABLE item ADD COLUMN story_fingerprint BIGINT;
