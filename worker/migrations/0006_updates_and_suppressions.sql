-- Updates to pledgers (issue 11): drafts composed on the dashboard or over the API, sent once
-- to a snapshot of the audience through the generic email outbox (kind 'update', ref = update id).
CREATE TABLE updates (
  id TEXT PRIMARY KEY,
  status TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'sending', 'sent', 'cancelled')),
  subject_en TEXT NOT NULL,
  body_en TEXT NOT NULL,
  subject_es TEXT,
  body_es TEXT,
  -- The audience filters as JSON: {"partners": [], "roles": [], "langs": []} (empty = everyone).
  audience TEXT NOT NULL DEFAULT '{}',
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  -- When sending started: the snapshot takes pledges confirmed up to this moment.
  started_at TEXT,
  finished_at TEXT,
  -- Fan-out progress, so a crashed fan-out resumes where it stopped:
  -- the last pledge id snapshotted into the outbox, then the last outbox id put on the queue.
  snapshot_cursor TEXT NOT NULL DEFAULT '',
  snapshot_done INTEGER NOT NULL DEFAULT 0 CHECK (snapshot_done IN (0, 1)),
  -- Rows snapshotted so far (each row's send time is spaced by EMAIL_RATE_PER_SECOND from started_at).
  snapshot_count INTEGER NOT NULL DEFAULT 0,
  enqueue_cursor TEXT NOT NULL DEFAULT '',
  enqueue_done INTEGER NOT NULL DEFAULT 0 CHECK (enqueue_done IN (0, 1)),
  -- Last time a fan-out step ran (the Cron resumes a fan-out idle for too long).
  fanout_at TEXT
);
CREATE INDEX updates_by_status ON updates (status, created_at);

-- Every update and every action on it: who (the admin identity: 'token' for the API, the
-- Cloudflare Access email or 'dashboard' for the dashboard) and when.
CREATE TABLE update_audit (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  update_id TEXT,
  action TEXT NOT NULL,
  actor TEXT NOT NULL,
  detail TEXT,
  at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
CREATE INDEX update_audit_by_update ON update_audit (update_id, seq);

-- Addresses that must get no more email (hard bounces, spam complaints, a maintainer's call).
-- Keyed by an HMAC of the normalized address: the address itself is not kept here.
CREATE TABLE email_suppressions (
  address_hash TEXT PRIMARY KEY,
  reason TEXT NOT NULL CHECK (reason IN ('bounce', 'complaint', 'manual')),
  source TEXT NOT NULL,
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);

-- Webhook deliveries already handled (Svix ids), so a replay is refused. Pruned after a day:
-- older ones fail the 5-minute timestamp tolerance anyway.
CREATE TABLE webhook_events (
  id TEXT PRIMARY KEY,
  received_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);

-- The fan-out snapshots pledges in id order, filtered by these.
CREATE INDEX pledges_for_updates ON pledges (status, updates, id);
