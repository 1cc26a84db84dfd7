-- Emails per mailbox, for life: the key is an HMAC of the mailbox (the address with its +tag
-- removed), never the address, so the count outlives withdrawal and the 30-day erasure of
-- unconfirmed pledges, and "no mailbox gets more than three pledge emails" stays true.
CREATE TABLE mailbox_quota (
  mailbox TEXT PRIMARY KEY,
  emails INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);

-- Dashboard sessions, so signing out ends a session on the server too: the cookie carries a
-- random id, and only its SHA-256 is kept here. Deleting the row ends the session at once.
CREATE TABLE admin_sessions (
  id TEXT PRIMARY KEY,
  expires_at TEXT NOT NULL
);
CREATE INDEX admin_sessions_by_expiry ON admin_sessions (expires_at);
