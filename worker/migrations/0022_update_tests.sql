-- The tests of updates sent in the last minute (worker/updates/service.ts, sendTest): the same test
-- asked for again within it (a double click on "Send test", a form or API call sent twice) sends
-- nothing more. A test is the update as it reads (`version`, a digest of its subject, body and
-- audience), one address (`address_hash`, an HMAC: the address itself is not kept) and one language.
-- Rows older than the minute are pruned as tests are sent, and by the Cron.
CREATE TABLE update_tests (
  update_id TEXT NOT NULL,
  version TEXT NOT NULL,
  address_hash TEXT NOT NULL,
  lang TEXT NOT NULL,
  -- Epoch milliseconds.
  sent_at INTEGER NOT NULL
);
CREATE INDEX update_tests_by_test ON update_tests (update_id, version, address_hash, lang, sent_at);
