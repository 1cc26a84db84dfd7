/**
 * Flagged pledges, reviewed by a maintainer. A pledge over the per-address limit, one that
 * filled the honeypot or failed Turnstile is stored flagged: never counted, never emailed. Some
 * are real people (a conference hall behind one NAT address goes over the limit): the Cron
 * releases those the limit flagged at the limit's own pace (`releaseDeferred`), and the
 * dashboard lists them all, so a maintainer can release one, or every one the limit flagged that it shows:
 * it becomes an ordinary pending pledge, counted as awaiting confirmation, and gets its
 * confirmation email through the outbox, as any new pledge does. It still counts only once its
 * owner confirms it, so releasing one cannot add a pledge nobody made.
 */
import { enqueueEmails } from '../platform/outbox/enqueue.ts';
import { RATE_LIMIT } from './abuse.ts';
import type { FlagReason } from './message.ts';

export interface FlaggedPledge {
  id: string;
  partner_id: string;
  name: string;
  email: string;
  role: string;
  source: string | null;
  flag_reason: FlagReason;
  received_at: string;
}

/** Flagged pledges awaiting review, newest first (at most `limit`), and how many there are by reason. */
export async function flaggedPledges(db: D1Database, limit = MAX_RELEASE): Promise<{ rows: FlaggedPledge[]; byReason: Partial<Record<FlagReason, number>> }> {
  const [rows, counts] = await db.batch([
    db
      .prepare(
        `SELECT id, partner_id, name, email, role, source, flag_reason, received_at FROM pledges
         WHERE flagged = 1 AND status = 'pending' ORDER BY received_at DESC, id LIMIT ?`,
      )
      .bind(limit),
    db.prepare(`SELECT flag_reason, count(*) AS n FROM pledges WHERE flagged = 1 AND status = 'pending' GROUP BY flag_reason`),
  ]);
  const byReason = Object.fromEntries(((counts?.results ?? []) as { flag_reason: FlagReason; n: number }[]).map((r) => [r.flag_reason, r.n]));
  return { rows: (rows?.results ?? []) as FlaggedPledge[], byReason };
}

/** At most this many pledges are released by one click (the dashboard lists 100). */
export const MAX_RELEASE = 100;

/**
 * Releases flagged pledges, by id (only those flagged for `reason`, when given: the dashboard's
 * bulk button names the ones it showed, so nothing arriving after the page was drawn is released
 * unseen): each becomes pending and counted, its 30 days to be confirmed start now, and its
 * confirmation is queued. One transaction; a pledge released already, confirmed, withdrawn or
 * erased is left as it is. Returns how many were released.
 */
export async function releaseFlagged(env: Env, ids: string[], reason?: FlagReason): Promise<number> {
  const db = env.DB;
  ids = [...new Set(ids)].slice(0, MAX_RELEASE);
  if (reason) {
    const { results } = await db
      .prepare(`SELECT id FROM pledges WHERE id IN (SELECT value FROM json_each(?)) AND flagged = 1 AND flag_reason = ?`)
      .bind(JSON.stringify(ids), reason)
      .all<{ id: string }>();
    ids = results.map((r) => r.id);
  }
  if (!ids.length) return 0;
  const at = new Date().toISOString();
  const list = JSON.stringify(ids);
  const [, released] = await db.batch<{ id: string }>([
    // Counted first (the rows are still flagged, so the subquery sees exactly those to release).
    db
      .prepare(
        `UPDATE pledge_counts SET pending = pending + (
           SELECT count(*) FROM pledges p WHERE p.partner_id = pledge_counts.partner_id AND p.flagged = 1
             AND p.status = 'pending' AND p.id IN (SELECT value FROM json_each(?1)))`,
      )
      .bind(list),
    db
      .prepare(
        `UPDATE pledges SET flagged = 0, flag_reason = NULL, created_at = ?2, released_at = ?2
         WHERE flagged = 1 AND status = 'pending' AND id IN (SELECT value FROM json_each(?1))
         RETURNING id`,
      )
      .bind(list, at),
    // In the same transaction: a released pledge always has its confirmation waiting. (A flagged
    // pledge never had one; a clean one already has this row, so nothing changes for it.)
    db
      .prepare(
        `INSERT INTO email_outbox (id, pledge_id, kind)
         SELECT 'confirm:' || p.id, p.id, 'confirm' FROM pledges p
         WHERE p.id IN (SELECT value FROM json_each(?1)) AND p.flagged = 0 AND p.status = 'pending'
         ON CONFLICT DO NOTHING`,
      )
      .bind(list),
  ]);
  const releasedIds = (released?.results ?? []).map((r) => r.id);
  if (!releasedIds.length) return 0;
  // Should this enqueue be lost, the Cron sweeper finds the queued outbox rows.
  await enqueueEmails(env, releasedIds.map((id) => `confirm:${id}`)).catch(() => undefined);
  return releasedIds.length;
}

/** Minutes between two Cron runs (wrangler.jsonc's crons: every 5 minutes). */
export const CRON_MINUTES = 5;
/** At most this many deferred pledges are released by one Cron run, in all. */
export const MAX_DEFERRED_PER_RUN = 1000;
/** Only pledges the limit flagged in the last day are released by the Cron; older ones wait for a maintainer. */
export const DEFERRED_HOURS = 24;
/** A network with more waiting than this (in that day) is left to a maintainer altogether: a flood, not a crowd. */
export const MAX_BACKLOG_PER_NETWORK = 1000;

/**
 * Over the per-address limit is deferred, not held for good: a conference hall or a hospital
 * behind one address can pass 20 pledges a minute with nobody abusing anything. Each Cron run
 * releases the pledges the limit flagged in the last DEFERRED_HOURS (oldest first, once their
 * minute has passed) for each network with at most MAX_BACKLOG_PER_NETWORK waiting, as many as keep
 * it within the limit over the run's window (RATE_LIMIT.pledges a minute for CRON_MINUTES minutes).
 * The window counts the network's attempts in it (stored or flagged by the limit, as the ingest
 * limiter counts them) and what this run's predecessors released since the last run: so a network
 * still sending gets nothing back until it slows, an address never gets more confirmation emails
 * than the limit allows on average, and a crowd's pledges get their emails minutes late instead of
 * waiting for a maintainer. The ingest limiter counts released pledges too (`released_at`).
 * Honeypot and Turnstile flags, floods and old backlogs wait for a maintainer.
 */
export async function releaseDeferred(env: Env, now = Date.now()): Promise<number> {
  const window = new Date(now - CRON_MINUTES * 60_000).toISOString();
  // The last run's releases were made at its start, just inside a full window: half a minute less,
  // so a network drains at the limit's rate, not half of it.
  const releasedSince = new Date(now - CRON_MINUTES * 60_000 + 30_000).toISOString();
  const settled = new Date(now - RATE_LIMIT.seconds * 1000).toISOString();
  const since = new Date(now - DEFERRED_HOURS * 3_600_000).toISOString();
  const { results } = await env.DB.prepare(
    `WITH waiting AS (
       SELECT id, ip_hash, received_at, row_number() OVER (PARTITION BY ip_hash ORDER BY received_at, id) AS k,
              count(*) OVER (PARTITION BY ip_hash) AS backlog
       FROM pledges WHERE flagged = 1 AND flag_reason = 'rate_limit' AND status = 'pending' AND ip_hash IS NOT NULL
         AND received_at > ?4
     ),
     used AS (
       SELECT p.ip_hash, count(*) AS n FROM pledges p
       WHERE p.ip_hash IN (SELECT ip_hash FROM waiting)
         AND ((p.received_at > ?1 AND (p.flagged = 0 OR p.flag_reason = 'rate_limit')) OR p.released_at > ?2)
       GROUP BY p.ip_hash
     )
     SELECT w.id FROM waiting w LEFT JOIN used u ON u.ip_hash = w.ip_hash
     WHERE w.backlog <= ?6 AND w.k <= ?5 - coalesce(u.n, 0) AND w.received_at < ?3
     ORDER BY w.k, w.id LIMIT ?7`,
  )
    .bind(window, releasedSince, settled, since, RATE_LIMIT.pledges * CRON_MINUTES, MAX_BACKLOG_PER_NETWORK, MAX_DEFERRED_PER_RUN)
    .all<{ id: string }>();
  let released = 0;
  for (let i = 0; i < results.length; i += MAX_RELEASE) {
    released += await releaseFlagged(env, results.slice(i, i + MAX_RELEASE).map((r) => r.id), 'rate_limit');
  }
  if (released) console.log(JSON.stringify({ event: 'deferred_pledges_released', count: released }));
  return released;
}

/**
 * How long a pledge keeps its salted IP hash: the per-minute limit needs it for a minute, and the
 * release of deferred pledges (above) for DEFERRED_HOURS; a day more covers a Cron that stopped for
 * a while. Then it goes (`forgetIpHashes`): a confirmed pledge kept for years has no use for it.
 */
export const IP_HASH_HOURS = DEFERRED_HOURS + 24;

/**
 * Clears the IP hash of every pledge received more than IP_HASH_HOURS ago (a Cron step). Only rows
 * still holding one are read (the limiter's partial index), so a run after the first is small.
 */
export async function forgetIpHashes(db: D1Database, now = Date.now()): Promise<number> {
  const before = new Date(now - IP_HASH_HOURS * 3_600_000).toISOString();
  const [kept, waiting] = await db.batch([
    db.prepare('UPDATE pledges SET ip_hash = NULL WHERE ip_hash IS NOT NULL AND received_at < ?').bind(before),
    // A repeated pledge's newer details still waiting for their confirmation to go (store.ts, `next_details`:
    // the provider down for days, a sender setting wrong) carry that pledge's IP hash: it goes at the same
    // age, the details stay. Only pending pledges have such details (read through a status index).
    db
      .prepare(
        `UPDATE pledges SET next_details = json_remove(next_details, '$.ip_hash')
         WHERE status = 'pending' AND next_details ->> 'ip_hash' IS NOT NULL AND next_details ->> 'received_at' < ?`,
      )
      .bind(before),
  ]);
  return (kept?.meta.changes ?? 0) + (waiting?.meta.changes ?? 0);
}

/** A flagged pledge still awaiting review (its id and address, for the erase check), or null. */
export function findFlagged(db: D1Database, id: string): Promise<{ id: string; email: string } | null> {
  return db.prepare(`SELECT id, email FROM pledges WHERE id = ? AND flagged = 1 AND status = 'pending'`).bind(id).first<{ id: string; email: string }>();
}

/**
 * Erases one flagged pledge that a maintainer judged no person made (a bot that filled the
 * form): the row goes, its name and address with it. A flagged pledge was never counted and never
 * emailed, so nothing else changes. False if it was no longer a flagged, pending pledge.
 * `mailbox` (its `mailboxKey`), when given (erased at the person's request), has its count of
 * pledge emails cleared too, in the same transaction, as `withdrawPledge` does.
 */
export async function eraseFlagged(db: D1Database, id: string, mailbox?: string): Promise<boolean> {
  const [erased] = await db.batch([
    db.prepare(`DELETE FROM pledges WHERE id = ? AND flagged = 1 AND status = 'pending' RETURNING id`).bind(id),
    ...(mailbox ? [db.prepare('DELETE FROM mailbox_quota WHERE mailbox = ?').bind(mailbox)] : []),
  ]);
  return (erased?.results.length ?? 0) > 0;
}
