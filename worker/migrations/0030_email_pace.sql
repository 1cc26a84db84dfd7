-- One pacing budget for every email sent at the provider's rate (EMAIL_RATE_PER_SECOND) rather than at
-- once: the sweeper's resends (and through it the dashboard's "Send them again"), the Cron's check-ins
-- and yearly reminders, and each update's fan-out (worker/platform/outbox/enqueue.ts, reservePace).
-- Each paced its own sends from "now" before, so two of them at once (an update going out while the
-- sweeper sent given-up emails again) gave the provider twice its rate. One row: `free_at` is when the
-- provider's next free slot begins (epoch milliseconds; any time past means "now"); a reservation takes
-- slots from there, one every 1/rate seconds, and `start_at`, `granted` and `before_at` say what the
-- last one took (read back by the statement that takes it, so taking is one atomic statement).
CREATE TABLE email_pace (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  free_at REAL NOT NULL,
  start_at REAL NOT NULL DEFAULT 0,
  granted INTEGER NOT NULL DEFAULT 0,
  before_at REAL NOT NULL DEFAULT 0
);
INSERT INTO email_pace (id, free_at) VALUES (1, 0);
