-- Confirmation emails through an outbox: each row is written in the same transaction as the
-- pledge it is about, so a stored pledge always has its email on the way.
CREATE TABLE email_outbox (
  -- Deterministic ('confirm:<pledge id>', 'repeat:<request id>'), so redelivery adds nothing.
  id TEXT PRIMARY KEY,
  pledge_id TEXT NOT NULL REFERENCES pledges (id),
  kind TEXT NOT NULL CHECK (kind IN ('confirm', 'already')),
  status TEXT NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'sending', 'sent', 'failed', 'cancelled')),
  attempts INTEGER NOT NULL DEFAULT 0,
  -- An error code only (never an address or a provider's message).
  last_error TEXT,
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  sent_at TEXT
);
CREATE INDEX email_outbox_by_status ON email_outbox (status, updated_at);
CREATE INDEX email_outbox_by_pledge ON email_outbox (pledge_id);

-- A withdrawn pledge is erased down to an anonymous tombstone (partner, role, dates).
ALTER TABLE pledges ADD COLUMN withdrawn_at TEXT;
ALTER TABLE pledge_counts ADD COLUMN withdrawn INTEGER NOT NULL DEFAULT 0;
