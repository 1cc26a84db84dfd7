/**
 * The Cron sweeper: re-enqueues outbox rows that should have been sent by now (their queue
 * message was lost, or a consumer died mid-send), and erases pledges never confirmed.
 */
import { enqueueEmails, givePaceBack, PACE_SECONDS, ratePerSecond, reservePace } from './enqueue.ts';
import { dedupesByKey } from './transport.ts';

/** A queued row untouched this long has lost its message. */
const QUEUED_CUTOFF_MINUTES = 5;
/** A row whose send failed and was handed back to the queue's backoff, untouched this long, has lost its retry. */
const RETRIED_CUTOFF_MINUTES = 90;
/**
 * A row claimed this long ago belongs to a consumer that died. Without `sent_at` its hand-off never
 * began: it is sent again. With `sent_at` the consumer died during its hand-off (at most one row per
 * dead consumer, see send-outbox.ts): whether the provider took it is unknown, so it is sent again
 * only through a transport that drops a repeat of the same key (Resend's Idempotency-Key, kept 24 h);
 * otherwise it is marked failed ('interrupted'), so no one is ever emailed twice.
 */
const SENDING_CUTOFF_MINUTES = 30;
/**
 * Rows one sweep puts back on the queue at most, whatever the provider's rate: the rest wait for
 * the next run (the longest overdue first). A backlog left by an outage (the updates benchmark's
 * kill left 30,000) put back whole took hundreds of paced `sendBatch` calls in one invocation, and
 * wrangler's local queue refused the 10,200th delayed message ("Unknown Internal Error (15000)",
 * probed 2026-12-04), failing the Cron run every time; at the edge a queue takes 5,000 messages a second.
 */
export const SWEEP_MAX_ROWS = 5000;
/** After this many attempts an email is given up on (marked failed) rather than re-enqueued again. */
export const MAX_EMAIL_ATTEMPTS = 12;
/**
 * Failures that are a setting of ours (a key or sender the provider refuses: transport.ts), wrong
 * for every email until someone fixes it: never given up on, however long that takes. They are
 * tried again at the longest backoff (an hour) until the setting is right. (One exception: an
 * email whose earlier hand-off was in doubt is failed once the provider no longer remembers its
 * key, 23 hours on, rather than risk a second copy: `doubt_expired`, send-outbox.ts.)
 */
export const SETTING_ERRORS = ['http_401', 'http_403', 'sender_setting'] as const;
/** Unconfirmed pledges are kept this long, then erased. */
export const UNCONFIRMED_RETENTION_DAYS = 30;

const ago = (minutes: number, now: number) => new Date(now - minutes * 60_000).toISOString();

/** Emails waiting for a setting of ours to be fixed (SETTING_ERRORS): for the deep health check and the Cron's log. */
export async function emailsHeldBySetting(db: D1Database): Promise<number> {
  return (
    (await db
      .prepare(`SELECT count(*) AS n FROM email_outbox WHERE status IN ('queued', 'sending') AND last_error IN (SELECT value FROM json_each(?))`)
      .bind(JSON.stringify(SETTING_ERRORS))
      .first<number>('n')) ?? 0
  );
}

export async function sweepOutbox(env: Env, now = Date.now()): Promise<number> {
  // Said every sweep while it lasts (never given up on, so no 'failed' figure shows it).
  const held = await emailsHeldBySetting(env.DB);
  if (held) console.error(JSON.stringify({ event: 'emails_held_by_setting', count: held }));
  // A claimed row is given up on only once its consumer is dead (the claim's cutoff, as below): a live
  // one may be mid-hand-off, and "Send them again" (admin/given-up.ts) would then send it a second
  // time. One a dead consumer left mid-hand-off is given up on in doubt (dated as below), which that
  // button leaves alone: the provider may have it.
  await env.DB.prepare(
    `UPDATE email_outbox SET status = 'failed', last_error = 'gave_up', updated_at = ?1,
       in_doubt_since = CASE WHEN status = 'sending' AND sent_at IS NOT NULL THEN coalesce(in_doubt_since, sent_at) ELSE in_doubt_since END
     WHERE (status = 'queued' OR (status = 'sending' AND updated_at < ?4)) AND attempts >= ?2 AND coalesce(last_error, '') NOT IN (SELECT value FROM json_each(?3))`,
  )
    .bind(new Date(now).toISOString(), MAX_EMAIL_ATTEMPTS, JSON.stringify(SETTING_ERRORS), ago(SENDING_CUTOFF_MINUTES, now))
    .run();
  if (!dedupesByKey(env)) {
    // In doubt (dated from its hand-off), not failed as if refused: the provider may well have it (a
    // consumer that died mid-hand-off, or one whose hand-off went through while D1 was down until now,
    // so its `sent` was never written). Nothing sends a row in doubt again ("Send them again" included).
    await env.DB.prepare(
      `UPDATE email_outbox SET status = 'failed', last_error = 'interrupted', updated_at = ?, in_doubt_since = coalesce(in_doubt_since, sent_at)
       WHERE status = 'sending' AND sent_at IS NOT NULL AND updated_at < ?`,
    )
      .bind(new Date(now).toISOString(), ago(SENDING_CUTOFF_MINUTES, now))
      .run();
  }
  // Overdue rows: a queued row never tried whose message is lost, a retried one whose retry is long
  // overdue, one left mid-send. Not an update's rows its fan-out has yet to put on the queue: their
  // send time was estimated when the update started, and a fan-out waiting its turn at the provider's
  // rate (below) falls behind it; the fan-out (or the Cron's resumeFanOuts) puts them on the queue.
  const due = `(status = 'queued' AND attempts = 0 AND updated_at < ?2
        AND NOT (kind = 'update' AND EXISTS (SELECT 1 FROM updates u WHERE u.id = email_outbox.ref
          AND u.status = 'sending' AND u.enqueue_done = 0 AND email_outbox.id > coalesce(u.enqueue_cursor, ''))))
     OR (status = 'queued' AND attempts > 0 AND updated_at < ?3)
     OR (status = 'sending' AND updated_at < ?4)`;
  const cutoffs = [
    ago(QUEUED_CUTOFF_MINUTES, now),
    // A row that failed before has a retry scheduled on the queue (up to an hour away):
    // sweep it only if that retry is long overdue, so the backoff holds.
    ago(RETRIED_CUTOFF_MINUTES, now),
    ago(SENDING_CUTOFF_MINUTES, now),
  ];
  const cap = Math.max(1, Math.min(SWEEP_MAX_ROWS, Math.floor(ratePerSecond(env) * PACE_SECONDS)));
  const overdue = await env.DB.prepare(`SELECT count(*) AS n FROM (SELECT 1 FROM email_outbox WHERE ${due} LIMIT ?5)`)
    .bind(null, ...cutoffs, cap)
    .first<number>('n');
  if (!overdue) return 0;
  // Paced to the provider's rate, within the budget every paced sender shares (enqueue.ts, reservePace),
  // for only as many as are due: at most PACE_SECONDS' worth (the longest overdue first; the rest at the
  // next sweep). A lost queue or a long outage can leave thousands of rows behind, and sent at once they
  // would meet the provider's rate limit instead of the provider; and an update going out meanwhile
  // takes its share of the same rate.
  const pace = await reservePace(env, overdue);
  if (!pace.count) return 0;
  // A row left mid-hand-off (only a transport that drops repeated keys gets here: the others'
  // were failed above) goes back marked `interrupted`: its outcome is unknown (OUTCOME_UNKNOWN).
  const { results } = await env.DB.prepare(
    `UPDATE email_outbox SET status = 'queued', updated_at = ?1,
       last_error = CASE WHEN status = 'sending' AND sent_at IS NOT NULL THEN 'interrupted' ELSE last_error END,
       in_doubt_since = CASE WHEN status = 'sending' AND sent_at IS NOT NULL THEN coalesce(in_doubt_since, sent_at) ELSE in_doubt_since END, sent_at = NULL
     WHERE id IN (SELECT id FROM email_outbox WHERE ${due} ORDER BY updated_at LIMIT ?5)
     RETURNING id`,
  )
    .bind(new Date(now).toISOString(), ...cutoffs, pace.count)
    .all<{ id: string }>();
  const ids = results.map((r) => r.id);
  await givePaceBack(env, pace, ids.length); // (fewer due than reserved: the rest is free for others)
  try {
    await enqueueEmails(env, ids, { paced: pace });
  } catch (err) {
    // The queue refused them: their place is kept (dated back past both cutoffs), so the next run
    // sweeps them at once instead of 5 or 90 minutes later. (Any that did reach the queue are
    // claimed once: a second message for a row finds it taken.)
    await env.DB.prepare(`UPDATE email_outbox SET updated_at = ? WHERE id IN (SELECT value FROM json_each(?)) AND status = 'queued'`)
      .bind(ago(RETRIED_CUTOFF_MINUTES + 1, now), JSON.stringify(ids))
      .run();
    throw err;
  }
  return ids.length;
}

export async function eraseUnconfirmed(env: Env, now = Date.now()): Promise<void> {
  const cutoff = ago(UNCONFIRMED_RETENTION_DAYS * 24 * 60, now);
  await env.DB.batch([
    env.DB.prepare(
      `UPDATE pledge_counts SET pending = pending - (
         SELECT count(*) FROM pledges p WHERE p.partner_id = pledge_counts.partner_id
         AND p.status = 'pending' AND p.flagged = 0 AND p.created_at < ?)`,
    ).bind(cutoff),
    env.DB.prepare(`DELETE FROM email_outbox WHERE pledge_id IN (SELECT id FROM pledges WHERE status = 'pending' AND created_at < ?)`).bind(cutoff),
    env.DB.prepare(`DELETE FROM pledges WHERE status = 'pending' AND created_at < ?`).bind(cutoff),
  ]);
}
