/**
 * Sending an update, exactly once per recipient, whatever fails.
 *
 * 1. `startSending` marks the update `sending` (once) and puts a fan-out job on the email queue.
 * 2. Each fan-out step does one bounded piece of work and schedules the next:
 *    - snapshot: the audience (pledges confirmed by the time sending started) goes into the
 *      outbox in chunks of 5,000, one D1 transaction each, as rows with the deterministic id
 *      `update:<update id>:<pledge id>` (INSERT OR IGNORE: a repeated step adds nothing) and the
 *      chunk's cursor saved in the same transaction;
 *    - enqueue: the rows, in id order from a saved cursor, go onto the queue in `sendBatch`es
 *      of 100, each message delayed so the provider sees at most EMAIL_RATE_PER_SECOND, counting
 *      every other paced sender (one budget shared in D1: enqueue.ts, reservePace).
 * 3. The email consumer sends each row through the outbox (claim → compose → send → mark),
 *    with its retries, backoff, dead-letter queue and sweeper. The composer skips whoever
 *    withdrew, unsubscribed or was suppressed since the snapshot, and every row of a cancelled update.
 *
 * A crash anywhere leaves the cursors where the last whole step put them; the next fan-out job
 * (its retry, or the Cron's resume) carries on from there. Every row's `updated_at` is its
 * earliest send time, so the sweeper leaves rows alone until they are overdue.
 */
import { auditStatement, audienceOf, audienceWhere, figures, getUpdate, rowRange, type UpdateStatus } from './queries.ts';
import { enqueueEmails, givePaceBack, MAX_DELAY_SECONDS as MAX_DELAY, ratePerSecond, reservePace } from '../platform/outbox/enqueue.ts';

export interface FanOutJob {
  fanout: string;
}

export const isFanOutJob = (body: unknown): body is FanOutJob =>
  typeof body === 'object' && body !== null && typeof (body as FanOutJob).fanout === 'string';

export const SNAPSHOT_CHUNK = 5000;
/** The Queues limit on one sendBatch. */
const BATCH = 100;

/** Rows put on the queue per fan-out step: about a minute of sending, 100 to 1,000. */
export const enqueueStep = (rate: number) => Math.min(1000, Math.max(BATCH, Math.round(rate * 60) - (Math.round(rate * 60) % BATCH)));

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * Starts sending a draft. Returns the update's status afterwards (null: no such update). With
 * `revision` (the one the maintainer previewed), a draft edited since then is not sent: it
 * stays a draft, and `draft` comes back.
 */
export async function startSending(env: Env, id: string, actor: string, now = Date.now(), revision?: number): Promise<UpdateStatus | null> {
  const started = await env.DB.prepare(
    `UPDATE updates SET status = 'sending', started_at = ?1, fanout_at = ?1 WHERE id = ?2 AND status = 'draft' AND (?3 IS NULL OR revision = ?3) RETURNING audience`,
  )
    .bind(iso(now), id, revision ?? null)
    .first<{ audience: string }>();
  if (!started) return (await getUpdate(env.DB, id))?.status ?? null;
  // The audience the send was started for, counted as the snapshot will take it (its audience can
  // no longer change): the figures give it from now on, not 0 until the fan-out has run.
  const where = audienceWhere(audienceOf(started), 3);
  await env.DB.batch([
    env.DB.prepare(
      `UPDATE updates SET audience_count = (SELECT count(*) FROM pledges p WHERE ${where.sql} AND p.confirmed_at <= ?1) WHERE id = ?2`,
    ).bind(iso(now), id, ...where.params),
    auditStatement(env.DB, id, 'send', actor),
  ]);
  // Should this job be lost, the Cron resumes the fan-out (see resumeFanOuts). One the queue refuses
  // does not undo the start (the update is `sending`, and pressing Send again changes nothing): the
  // answer is still 'sending', not a 500 the maintainer would read as "not sent", and `fanout_at`
  // cleared has the Cron's next run resume it, rather than after its ten minutes for a lost job.
  try {
    await env.EMAIL_QUEUE.send({ fanout: id });
  } catch (err) {
    console.error(JSON.stringify({ event: 'fanout_enqueue_failed', name: (err as Error)?.name }));
    await env.DB.prepare('UPDATE updates SET fanout_at = NULL WHERE id = ? AND status = ?').bind(id, 'sending').run();
  }
  return 'sending';
}

/** Cancels a draft or a send in progress: every row not yet sent is cancelled at once. */
export async function cancelUpdate(env: Env, id: string, actor: string, now = Date.now()): Promise<UpdateStatus | null> {
  const before = await getUpdate(env.DB, id);
  if (!before) return null;
  if (before.status === 'sent' || before.status === 'cancelled') return before.status;
  const [from, to] = rowRange(id);
  await env.DB.batch([
    env.DB.prepare(`UPDATE updates SET status = 'cancelled', finished_at = ?1 WHERE id = ?2 AND status IN ('draft', 'sending')`).bind(iso(now), id),
    env.DB.prepare(
      `UPDATE email_outbox SET status = 'cancelled', last_error = 'cancelled', updated_at = ?1
       WHERE id > ?2 AND id < ?3 AND (status = 'queued' OR (status = 'sending' AND sent_at IS NULL))`,
      // (claimed by a consumer but not yet handed over: it then drops them, see send-outbox.ts)
    ).bind(iso(now), from, to),
    auditStatement(env.DB, id, 'cancel', actor, `was ${before.status}`),
  ]);
  return 'cancelled';
}

export type StepResult = { more: false } | { more: true; delaySeconds: number };

/** One bounded piece of a fan-out (see the top of this file). Safe to repeat. */
export async function fanOutStep(env: Env, id: string, now = Date.now()): Promise<StepResult> {
  const u = await getUpdate(env.DB, id);
  if (!u || u.status !== 'sending' || !u.started_at) return { more: false };
  const rate = ratePerSecond(env);
  const db = env.DB;

  if (!u.snapshot_done) {
    const where = audienceWhere(audienceOf(u), 3);
    const chunk = (await db
      .prepare(
        `SELECT count(*) AS n, max(id) AS last FROM (
           SELECT p.id FROM pledges p WHERE ${where.sql} AND p.confirmed_at <= ?1 AND p.id > ?2 ORDER BY p.id LIMIT ${SNAPSHOT_CHUNK})`,
      )
      .bind(u.started_at, u.snapshot_cursor, ...where.params)
      .first<{ n: number; last: string | null }>())!;
    if (!chunk.n || !chunk.last) {
      await db.prepare('UPDATE updates SET snapshot_done = 1, fanout_at = ? WHERE id = ?').bind(iso(now), id).run();
      return { more: true, delaySeconds: 0 };
    }
    // Each row's updated_at is its earliest send time (the sweeper leaves it alone till then).
    await db.batch([
      db
        .prepare(
          `INSERT OR IGNORE INTO email_outbox (id, pledge_id, kind, ref, status, created_at, updated_at)
           SELECT 'update:' || ?4 || ':' || p.id, p.id, 'update', ?4, 'queued', ?5,
                  strftime('%Y-%m-%dT%H:%M:%fZ', ?5, '+' || ((?6 + row_number() OVER (ORDER BY p.id) - 1) * 1.0 / ?7) || ' seconds')
           FROM pledges p WHERE ${audienceWhere(audienceOf(u), 8).sql} AND p.confirmed_at <= ?1 AND p.id > ?2 AND p.id <= ?3`,
        )
        .bind(u.started_at, u.snapshot_cursor, chunk.last, id, iso(now), u.snapshot_count, rate, ...where.params),
      db
        .prepare('UPDATE updates SET snapshot_count = snapshot_count + changes(), snapshot_cursor = ?, snapshot_done = ?, fanout_at = ? WHERE id = ?')
        .bind(chunk.last, chunk.n < SNAPSHOT_CHUNK ? 1 : 0, iso(now), id),
    ]);
    return { more: true, delaySeconds: 0 };
  }

  if (!u.enqueue_done) {
    const [from, to] = rowRange(id);
    // Its share of the provider's rate, from the budget every paced sender shares (the sweeper's
    // resends, the milestones, other updates): none free within the next minutes, the step waits.
    const pace = await reservePace(env, enqueueStep(rate));
    if (!pace.count) return { more: true, delaySeconds: Math.min(MAX_DELAY, pace.waitSeconds) };
    const { results } = await db
      .prepare(`SELECT id FROM email_outbox WHERE id > ?1 AND id < ?2 AND status = 'queued' ORDER BY id LIMIT ?3`)
      .bind(u.enqueue_cursor || from, to, pace.count)
      .all<{ id: string }>();
    // Each message its own delay, so they come due `rate` a second, not a batch of 100 at once
    // (a provider allowing 2 a second would refuse most of such a batch).
    await givePaceBack(env, pace, results.length);
    await enqueueEmails(env, results.map((r) => r.id), { paced: pace });
    const last = results.at(-1)?.id;
    // When the last of them is due: the next step then.
    const seconds = Math.ceil(pace.startsIn + results.length / rate);
    const done = results.length < pace.count;
    await db.batch([
      // Enqueued rows are due within this step: the sweeper looks at them 5 minutes after.
      ...(last
        ? [db.prepare(`UPDATE email_outbox SET updated_at = ?1 WHERE id > ?2 AND id <= ?3 AND status = 'queued'`).bind(iso(now + seconds * 1000), u.enqueue_cursor || from, last)]
        : []),
      db.prepare('UPDATE updates SET enqueue_cursor = ?, enqueue_done = ?, fanout_at = ? WHERE id = ?').bind(last ?? u.enqueue_cursor, done ? 1 : 0, iso(now), id),
    ]);
    return done ? { more: false } : { more: true, delaySeconds: Math.min(MAX_DELAY, seconds) };
  }
  return { more: false };
}

/** The email consumer's share of fan-out jobs: one step, then the next job. */
export async function handleFanOut(env: Env, messages: readonly Message<FanOutJob>[]): Promise<void> {
  for (const message of messages) {
    try {
      const result = await fanOutStep(env, message.body.fanout);
      if (result.more) {
        await env.EMAIL_QUEUE.send(
          { fanout: message.body.fanout },
          result.delaySeconds ? { delaySeconds: result.delaySeconds } : undefined,
        );
      }
      message.ack();
    } catch (err) {
      console.error(JSON.stringify({ event: 'fanout_step_failed', name: (err as Error)?.name }));
      message.retry({ delaySeconds: 10 });
    }
  }
}

/**
 * Cron: resumes fan-outs idle too long (their job lost), and marks finished sends as sent. One
 * the queue refuses is logged and left for the next run (as startSending leaves one), and does
 * not keep the others waiting behind it from being resumed.
 */
export async function resumeFanOuts(env: Env, now = Date.now()): Promise<number> {
  const idleMs = Math.max(10 * 60_000, 3 * (enqueueStep(ratePerSecond(env)) / ratePerSecond(env)) * 1000);
  const { results } = await env.DB.prepare(`SELECT * FROM updates WHERE status = 'sending'`).all<Parameters<typeof figures>[1]>();
  let resumed = 0;
  for (const u of results) {
    if (u.snapshot_done && u.enqueue_done) {
      await figures(env.DB, u);
    } else if (!u.fanout_at || Date.parse(u.fanout_at) < now - idleMs) {
      await env.DB.prepare('UPDATE updates SET fanout_at = ? WHERE id = ?').bind(iso(now), u.id).run();
      try {
        await env.EMAIL_QUEUE.send({ fanout: u.id });
        resumed++;
      } catch (err) {
        console.error(JSON.stringify({ event: 'fanout_resume_failed', name: (err as Error)?.name }));
        await env.DB.prepare('UPDATE updates SET fanout_at = NULL WHERE id = ? AND status = ?').bind(u.id, 'sending').run();
      }
    }
  }
  return resumed;
}
