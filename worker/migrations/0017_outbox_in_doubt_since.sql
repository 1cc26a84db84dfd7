-- When an outbox row's hand-off first ended with its outcome unknown (the provider may have taken
-- it). Set once and kept through later failures, cleared never: a row in doubt is handed over
-- again only through a transport that drops a repeated key, and only while the provider still
-- remembers that key (Resend: 24 hours); a later refusal of the key then means it was delivered.
ALTER TABLE email_outbox ADD COLUMN in_doubt_since TEXT;
-- Rows waiting when this runs whose last attempt was in doubt (OUTCOME_UNKNOWN in transport.ts):
-- in doubt since then, at the latest (their last change).
UPDATE email_outbox SET in_doubt_since = updated_at
  WHERE in_doubt_since IS NULL AND status IN ('queued', 'sending')
    AND last_error IN ('network', 'unexpected', 'in_progress', 'interrupted', 'binding');
