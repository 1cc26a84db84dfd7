-- The Cron forgets a mailbox's count of emails once its window has passed (worker/pledges/abuse.ts,
-- forgetMailboxQuotas): its next email would start the count again anyway, so the key, an HMAC of an
-- address, is kept no longer than it serves. This index lets each run read only the rows it deletes.
CREATE INDEX mailbox_quota_by_time ON mailbox_quota (updated_at);
