-- The outbox serves every capability, not only pledge confirmations: a row names its kind
-- (each kind has a composer in worker/index.ts's EMAIL_KINDS), and either the pledge it is
-- about or a capability's own reference (`ref`: an update, an organization, a milestone).
-- SQLite cannot drop a CHECK, so the table is rebuilt with its rows.
PRAGMA defer_foreign_keys = on;

CREATE TABLE email_outbox_new (
  -- Deterministic ('confirm:<pledge id>', 'update:<update id>:<pledge id>', …), so redelivery adds nothing.
  id TEXT PRIMARY KEY,
  pledge_id TEXT REFERENCES pledges (id),
  kind TEXT NOT NULL CHECK (kind GLOB '[a-z]*' AND length(kind) <= 32),
  ref TEXT,
  status TEXT NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'sending', 'sent', 'failed', 'cancelled')),
  attempts INTEGER NOT NULL DEFAULT 0,
  -- An error code only (never an address or a provider's message).
  last_error TEXT,
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  sent_at TEXT
);
INSERT INTO email_outbox_new (id, pledge_id, kind, status, attempts, last_error, created_at, updated_at, sent_at)
  SELECT id, pledge_id, kind, status, attempts, last_error, created_at, updated_at, sent_at FROM email_outbox;
DROP TABLE email_outbox;
ALTER TABLE email_outbox_new RENAME TO email_outbox;
CREATE INDEX email_outbox_by_status ON email_outbox (status, updated_at);
CREATE INDEX email_outbox_by_pledge ON email_outbox (pledge_id);
CREATE INDEX email_outbox_by_ref ON email_outbox (kind, ref, status);
