/**
 * The Cron's after-the-pledge milestones, written to the outbox exactly once per person per
 * milestone: the id is deterministic (`checkin:<pledge>`, `recommit:<pledge>:<year>`), so a
 * repeated Cron run, a crash between insert and enqueue, or a redelivery adds nothing (the
 * sweeper enqueues rows whose message was lost).
 */
import { enqueueEmails, givePaceBack, reservePace } from '../platform/outbox/enqueue.ts';

/** Days after confirmation for the check-in; pledges confirmed longer ago than the window are not checked in late. */
export const CHECKIN_AFTER_DAYS = 30;
const CHECKIN_WINDOW_DAYS = 30;
/** Recommitment emails go out within this many days after an anniversary. */
export const RECOMMIT_WINDOW_DAYS = 30;
/** Someone who recommitted this recently is not asked again at the anniversary. */
export const RECENT_RECOMMIT_DAYS = 300;
/** Most rows one Cron run writes per milestone; the next run takes the rest. */
export const MILESTONES_PER_RUN = 500;

const daysAgo = (days: number, now: number) => new Date(now - days * 86_400_000).toISOString();

/**
 * At the provider's rate, within the budget every paced sender shares (enqueue.ts, reservePace): after
 * the sweeper's resends of the same Cron run and any update going out, so that together they never
 * exceed it. Whatever does not fit waits for the next run (a milestone has a 30-day window).
 */
export async function scheduleMilestones(env: Env, now = Date.now(), most = MILESTONES_PER_RUN): Promise<string[]> {
  const at = new Date(now).toISOString();
  const pace = await reservePace(env, 2 * most);
  // The check-ins up to half (the odd one theirs), the anniversaries what they leave: at a rate so low
  // that one slot is all there is, either kind still goes. (`changes()`: the check-ins just written, in
  // the same transaction.) Each kind at most `most` a run.
  const checkinLimit = Math.min(most, Math.ceil(pace.count / 2));
  if (!pace.count) {
    await givePaceBack(env, pace, 0);
    return [];
  }
  const [checkins, recommits] = await env.DB.batch<{ id: string }>([
    env.DB.prepare(
      `INSERT INTO email_outbox (id, pledge_id, kind, created_at, updated_at)
       SELECT 'checkin:' || p.id, p.id, 'checkin', ?1, ?1 FROM pledges p
       WHERE p.status = 'confirmed' AND p.flagged = 0 AND p.updates = 1
         AND p.confirmed_at <= ?2 AND p.confirmed_at > ?3
         AND NOT EXISTS (SELECT 1 FROM email_outbox o WHERE o.id = 'checkin:' || p.id)
       LIMIT ?4
       ON CONFLICT (id) DO NOTHING
       RETURNING id`,
    ).bind(at, daysAgo(CHECKIN_AFTER_DAYS, now), daysAgo(CHECKIN_AFTER_DAYS + CHECKIN_WINDOW_DAYS, now), checkinLimit),
    // The n-th anniversary (n ≥ 1) of the confirmation, within its window.
    env.DB.prepare(
      `INSERT INTO email_outbox (id, pledge_id, kind, ref, created_at, updated_at)
       SELECT 'recommit:' || id || ':' || years, id, 'recommit', CAST(years AS TEXT), ?1, ?1 FROM (
         SELECT p.id, CAST((julianday(?1) - julianday(p.confirmed_at)) / 365.25 AS INTEGER) AS years, p.confirmed_at, p.recommitted_at
         FROM pledges p WHERE p.status = 'confirmed' AND p.flagged = 0 AND p.reminders = 1 AND p.confirmed_at <= ?2
       ) AS due
       WHERE years >= 1
         AND julianday(?1) - (julianday(confirmed_at) + years * 365.25) <= ?3
         AND (recommitted_at IS NULL OR recommitted_at < ?4)
         AND NOT EXISTS (SELECT 1 FROM email_outbox o WHERE o.id = 'recommit:' || due.id || ':' || due.years)
       LIMIT max(0, min(?5, ?6 - changes()))
       ON CONFLICT (id) DO NOTHING
       RETURNING id`,
    ).bind(at, daysAgo(365, now), RECOMMIT_WINDOW_DAYS, daysAgo(RECENT_RECOMMIT_DAYS, now), most, pace.count),
  ]);
  const ids = [...(checkins?.results ?? []), ...(recommits?.results ?? [])].map((r) => r.id);
  // At the provider's rate: a launch day's pledgers all have the same anniversary.
  await givePaceBack(env, pace, ids.length);
  await enqueueEmails(env, ids, { paced: pace });
  return ids;
}
