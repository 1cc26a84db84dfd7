-- Whether an outbox row has had its turn at its mailbox's count (worker/pledges/abuse.ts,
-- takeMailboxQuotas): marked in the same D1 batch that takes (or refuses) its place. Before, a row's
-- first attempt was taken to be that turn, so a first attempt whose composing failed before the
-- count (D1 failing the suppression list's read, say) was handed back, and its retry, no longer the
-- first, took no place: one email past the cap. Rows already tried were counted, or refused, or had
-- that gap under the old rule: they are marked, so none is counted twice (those sent already, most of
-- the table, are never sent again, and are left as they are).
ALTER TABLE email_outbox ADD COLUMN counted INTEGER NOT NULL DEFAULT 0 CHECK (counted IN (0, 1));
UPDATE email_outbox SET counted = 1 WHERE attempts > 0 AND status != 'sent';
