/**
 * Putting outbox rows on the email queue: at once (confirmations, which someone is waiting for),
 * or paced to the email provider's rate (EMAIL_RATE_PER_SECOND) for many rows at a time that
 * nobody waits on (the sweeper's resends, the Cron's yearly reminders and check-ins, the updates'
 * fan-out a minute at a time), all of them within one budget shared in D1 (`reservePace`).
 */
import type { EmailJob } from './send-outbox.ts';

/** Outbox rows per email-queue message from `enqueueEmailBatches` (the email consumer's batch size). */
export const EMAIL_IDS_PER_MESSAGE = 50;

/**
 * Puts many outbox rows on the email queue, up to EMAIL_IDS_PER_MESSAGE per message: the ingest
 * consumer's path, where a stored batch of pledges yields up to 100 confirmations at once.
 */
export async function enqueueEmailBatches(env: Env, outboxIds: string[]): Promise<void> {
  const messages: MessageSendRequest<EmailJob>[] = [];
  for (let i = 0; i < outboxIds.length; i += EMAIL_IDS_PER_MESSAGE) {
    messages.push({ body: { outboxIds: outboxIds.slice(i, i + EMAIL_IDS_PER_MESSAGE) } });
  }
  for (let i = 0; i < messages.length; i += 100) await env.EMAIL_QUEUE.sendBatch(messages.slice(i, i + 100));
}

/** Messages per second the email provider takes (EMAIL_RATE_PER_SECOND; 10 when unset or odd). */
export function ratePerSecond(env: Env): number {
  const rate = Number(env.EMAIL_RATE_PER_SECOND);
  return Number.isFinite(rate) && rate > 0 ? Math.min(rate, 10_000) : 10;
}

/** Longest delay Queues accepts, in seconds. */
export const MAX_DELAY_SECONDS = 43_200;

/**
 * How far ahead the shared pacing budget is taken (`reservePace`): every paced email put on the queue
 * comes due within this many seconds, less than the sweeper's five-minute cutoff, so nothing is
 * overdue before it is due. What does not fit waits (the sweeper's and the milestones' rows for the
 * next Cron run, an update's fan-out for its next step).
 */
export const PACE_SECONDS = 240;

/**
 * A share of the provider's rate, reserved in D1 (`email_pace`, migration 0030) before paced rows are
 * put on the queue: `count` slots, the first due `startsIn` seconds from now, one every 1/rate seconds.
 * Every paced sender takes its slots from the same budget (the sweeper's resends, the milestones, an
 * update's fan-out), so together they never exceed the provider's rate; each used to pace from "now"
 * on its own, and two at once (an update going out while the sweeper sent given-up emails again) gave
 * the provider twice its rate. `waitSeconds`: when no slot was free within the horizon, how long until one is.
 */
export interface Pace {
  count: number;
  startsIn: number;
  waitSeconds: number;
  /** (What `givePaceBack` needs: the reservation's start and end, and the budget before it, in epoch ms.) */
  start: number;
  end: number;
  before: number;
}

/**
 * Takes up to `want` slots of the shared budget, no further ahead than `horizonSeconds` from now
 * (PACE_SECONDS: the sweeper's five-minute cutoff must not find a row still waiting its turn). One
 * statement, so two senders at once each get slots of their own. The budget runs on the real clock
 * (a queue's delays count from the moment of sending), whatever clock the caller judges its rows by.
 */
export async function reservePace(env: Env, want: number, horizonSeconds = PACE_SECONDS): Promise<Pace> {
  const rate = ratePerSecond(env);
  const now = Date.now();
  // (An idle budget grants one slot at once whatever the rate: at a rate under one email per horizon,
  // the slots would otherwise never fit in it, and nothing paced would ever go.)
  const room = `min(?2, max(free_at <= ?1, CAST((?1 + ?3 - max(free_at, ?1)) * ?4 / 1000.0 AS INTEGER)))`;
  const row = await env.DB.prepare(
    `UPDATE email_pace SET before_at = free_at, start_at = max(free_at, ?1), granted = ${room}, free_at = max(free_at, ?1) + ${room} * 1000.0 / ?4
     WHERE id = 1 RETURNING start_at, granted, free_at, before_at`,
  )
    .bind(now, Math.max(0, Math.floor(want)), horizonSeconds * 1000, rate)
    .first<{ start_at: number; granted: number; free_at: number; before_at: number }>();
  if (!row) throw new Error('email_pace has no row (migration 0030)');
  const ahead = (row.start_at - now) / 1000;
  return {
    count: row.granted,
    // Rounded up to a whole second (Queues' delays are whole seconds): a share is never due before its
    // turn, even by the milliseconds since the share before it was sent; it may start up to a second late.
    startsIn: Math.ceil(ahead),
    waitSeconds: row.granted ? 0 : Math.max(1, Math.ceil(ahead - Math.max(0, horizonSeconds - 1 / rate))),
    start: row.start_at,
    end: row.free_at,
    before: row.before_at,
  };
}

/**
 * Gives back the slots of a reservation left unused (fewer rows than reserved), unless another has
 * been taken after it meanwhile (then they stay a gap: the provider gets less than its rate, never more).
 */
export async function givePaceBack(env: Env, pace: Pace, used: number): Promise<void> {
  if (used >= pace.count) return;
  const to = used ? pace.start + (used * 1000) / ratePerSecond(env) : pace.before;
  await env.DB.prepare('UPDATE email_pace SET free_at = ?1 WHERE id = 1 AND free_at = ?2').bind(to, pace.end).run();
}

/**
 * Puts outbox rows on the email queue, one per message (100 per sendBatch, the Queues limit).
 * `paced`: each message its own delay, in the slots of that reservation (`reservePace`), so they come
 * due at the provider's rate, not all at once: for many rows at a time that are not someone waiting
 * on a link (the sweeper's, the Cron's yearly reminders and check-ins, an update's fan-out).
 */
export async function enqueueEmails(env: Env, outboxIds: string[], { paced }: { paced?: Pace } = {}): Promise<void> {
  const rate = ratePerSecond(env);
  for (let i = 0; i < outboxIds.length; i += 100) {
    const chunk = outboxIds.slice(i, i + 100).map((outboxId, j): MessageSendRequest<EmailJob> => {
      const delaySeconds = paced ? Math.min(MAX_DELAY_SECONDS, Math.floor(paced.startsIn + (i + j) / rate)) : 0;
      return delaySeconds ? { body: { outboxId }, delaySeconds } : { body: { outboxId } };
    });
    await env.EMAIL_QUEUE.sendBatch(chunk);
  }
}
