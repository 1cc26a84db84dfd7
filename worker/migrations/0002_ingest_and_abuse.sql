-- Pledges arrive through a queue; suspected abuse is kept but flagged and never counted.
ALTER TABLE pledges ADD COLUMN flagged INTEGER NOT NULL DEFAULT 0 CHECK (flagged IN (0, 1));
ALTER TABLE pledges ADD COLUMN flag_reason TEXT CHECK (flag_reason IN ('rate_limit', 'honeypot', 'turnstile'));
-- SHA-256 of a secret salt and the client IP; the IP itself is never stored.
ALTER TABLE pledges ADD COLUMN ip_hash TEXT;
-- When the API accepted the pledge (created_at is when the queue consumer stored it).
ALTER TABLE pledges ADD COLUMN received_at TEXT;

CREATE INDEX pledges_by_day ON pledges (substr(created_at, 1, 10));
