/** Resources, next steps, reported actions and the active count, in D1. */
import { ROLES, type Lang, type Role } from '../../src/pledge-fields.ts';
import type { ResourceInput } from './schema.ts';
import { RECOMMIT_WINDOW_DAYS } from './milestones.ts';
import type { ActionKind, ResourceKind } from './strings.ts';
import { sha256Hex } from '../platform/digest.ts';

export interface Resource {
  id: string;
  title: string;
  url: string;
  summary: string;
  step: string | null;
  kind: ResourceKind;
  roles: Role[];
  lang: Lang;
  partner: string | null;
  active: boolean;
  position: number;
}

interface ResourceRow {
  id: string;
  title: string;
  url: string;
  summary: string;
  step: string | null;
  kind: ResourceKind;
  roles: string;
  lang: Lang;
  partner_id: string | null;
  active: number;
  position: number;
}

/** Roles in the pledge form's order, however they were sent or stored. */
const inRoleOrder = (roles: readonly Role[]): Role[] => ROLES.filter((role) => roles.includes(role));

const COLUMNS = 'id, title, url, summary, step, kind, roles, lang, partner_id, active, position';

function fromRow(r: ResourceRow): Resource {
  return {
    id: r.id,
    title: r.title,
    url: r.url,
    summary: r.summary,
    step: r.step,
    kind: r.kind,
    roles: inRoleOrder(JSON.parse(r.roles) as Role[]),
    lang: r.lang,
    partner: r.partner_id,
    active: r.active === 1,
    position: r.position,
  };
}

/** Active resources, optionally only those suiting a role and in a language, in their order. */
export async function activeResources(db: D1Database, filter: { role?: Role; lang?: Lang }): Promise<Resource[]> {
  const { results } = await db
    .prepare(
      `SELECT ${COLUMNS} FROM resources
       WHERE active = 1 AND (?1 IS NULL OR lang = ?1)
         AND (?2 IS NULL OR EXISTS (SELECT 1 FROM json_each(resources.roles) WHERE value = ?2))
       ORDER BY position, title`,
    )
    .bind(filter.lang ?? null, filter.role ?? null)
    .all<ResourceRow>();
  return results.map(fromRow);
}

/** How many next steps a role is shown in a language (the confirmed page, the confirmation email; the widget's thank-you panel takes as many, src/api-client.ts). */
export const STEPS_SHOWN = 3;

/** Whether a resource offers a next step to `role` in `lang` (retired ones do not). */
export const offersStep = (r: Resource, role: Role, lang: Lang): boolean => r.active && Boolean(r.step) && r.lang === lang && r.roles.includes(role);

/** A role's next steps in a language: the first STEPS_SHOWN active resources that offer a step. */
export async function nextSteps(db: D1Database, role: Role, lang: Lang): Promise<Resource[]> {
  return (await activeResources(db, { role, lang })).filter((r) => offersStep(r, role, lang)).slice(0, STEPS_SHOWN);
}

/** Every resource, retired ones too, for maintainers. */
export async function allResources(db: D1Database): Promise<Resource[]> {
  const { results } = await db.prepare(`SELECT ${COLUMNS} FROM resources ORDER BY active DESC, lang, position, title`).all<ResourceRow>();
  return results.map(fromRow);
}

export async function getResource(db: D1Database, id: string): Promise<Resource | null> {
  const row = await db.prepare(`SELECT ${COLUMNS} FROM resources WHERE id = ?`).bind(id).first<ResourceRow>();
  return row ? fromRow(row) : null;
}

export async function partnerExists(db: D1Database, id: string): Promise<boolean> {
  return !!(await db.prepare('SELECT 1 FROM partners WHERE id = ?').bind(id).first());
}

function values(input: ResourceInput) {
  return [
    input.title,
    input.url,
    input.summary,
    input.step ?? null,
    input.kind,
    JSON.stringify(inRoleOrder(input.roles)),
    input.lang,
    input.partner ?? null,
    // Absent: a new resource is active, an edited one keeps its state (the dashboard's form has no
    // such field, so editing a retired resource must not publish it again).
    input.active === undefined ? null : input.active ? 1 : 0,
    input.position ?? 100,
  ];
}

export async function createResource(db: D1Database, input: ResourceInput): Promise<Resource> {
  const id = crypto.randomUUID();
  await db
    .prepare(
      `INSERT INTO resources (id, title, url, summary, step, kind, roles, lang, partner_id, active, position)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, COALESCE(?, 1), ?)`,
    )
    .bind(id, ...values(input))
    .run();
  return (await getResource(db, id))!;
}

/** Replaces a resource's fields; null when there is no such resource. */
export async function updateResource(db: D1Database, id: string, input: ResourceInput): Promise<Resource | null> {
  const { meta } = await db
    .prepare(
      `UPDATE resources SET title = ?, url = ?, summary = ?, step = ?, kind = ?, roles = ?, lang = ?, partner_id = ?,
         active = COALESCE(?, active), position = ?, updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
       WHERE id = ?`,
    )
    .bind(...values(input), id)
    .run();
  return meta.changes ? getResource(db, id) : null;
}

/** Deletes a resource for good; what it was, or null when there is no such resource. */
export async function deleteResource(db: D1Database, id: string): Promise<Resource | null> {
  const row = await db.prepare(`DELETE FROM resources WHERE id = ? RETURNING ${COLUMNS}`).bind(id).first<ResourceRow>();
  return row ? fromRow(row) : null;
}

/** Retires (hides) or restores a resource; null when there is no such resource. */
export async function setResourceActive(db: D1Database, id: string, active: boolean): Promise<Resource | null> {
  const { meta } = await db
    .prepare(`UPDATE resources SET active = ?, updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE id = ?`)
    .bind(active ? 1 : 0, id)
    .run();
  return meta.changes ? getResource(db, id) : null;
}

export interface PledgeForActions {
  id: string;
  /** The society it was made through (share links count for it). */
  partner_id: string | null;
  role: Role;
  lang: Lang;
  status: string;
  /** Whole years since the pledge was confirmed, as the recommitment emails count them (milestones.ts). */
  years: number | null;
  /** When it was last renewed (`/recommit`), if ever. */
  recommitted_at: string | null;
  /** 1 while the yearly renewal email is on (`/reminders`, the preferences page). */
  reminders: number;
}

export async function pledgeForActions(db: D1Database, id: string): Promise<PledgeForActions | null> {
  return db
    .prepare(`SELECT id, partner_id, role, lang, status, recommitted_at, reminders, CAST((julianday('now') - julianday(confirmed_at)) / 365.25 AS INTEGER) AS years FROM pledges WHERE id = ?`)
    .bind(id)
    .first<PledgeForActions>();
}

/**
 * The most reports one pledge keeps a day (UTC): more than anyone reports by hand, and a bound on what
 * one signed link can store (each report may carry a 500-character note).
 */
export const ACTIONS_PER_DAY = 10;

/**
 * Keeps a report, once per form submission, and says how it counts: `logged`, `again` (kept, but this
 * pledge had already reported this kind today, so the count does not move: actionCounts), or `over`
 * (the pledge's ACTIONS_PER_DAY for today are kept already: nothing stored).
 *
 * The same report sent again under its submission id (a double click, a reload of the answer) adds
 * nothing and is answered as it was the first time. A different report under an id already kept (the
 * form brought back with the browser's Back button, another choice made and sent) is a report of its
 * own: kept under an id made from the submission and its content, so that one sent twice is kept once too.
 * Returned with how it counts: the id the report is kept under (none when `over`), which keptReport reads back.
 */
export async function reportAction(
  db: D1Database,
  submission: string,
  pledgeId: string,
  kind: ActionKind,
  note: string | undefined,
): Promise<{ said: 'logged' | 'again'; id: string } | { said: 'over'; id?: undefined }> {
  const [inserted, kept, sameToday] = await db.batch<{ pledge_id?: string | null; kind?: string; note?: string | null; n?: number }>([
    db
      .prepare(
        // Searched through pledge_actions_by_pledge (pledge_id, kind, created_at).
        `INSERT INTO pledge_actions (id, pledge_id, kind, note)
         SELECT ?1, ?2, ?3, ?4 WHERE (SELECT count(*) FROM pledge_actions WHERE pledge_id = ?2 AND created_at >= strftime('%Y-%m-%dT00:00:00.000Z', 'now')) < ?5
           -- Still a standing pledge as this is written: a withdrawal between the link's check and here erased its notes, and none comes after.
           AND EXISTS (SELECT 1 FROM pledges WHERE id = ?2 AND status = 'confirmed')
         ON CONFLICT (id) DO NOTHING`,
      )
      .bind(submission, pledgeId, kind, note || null, ACTIONS_PER_DAY),
    db.prepare('SELECT pledge_id, kind, note FROM pledge_actions WHERE id = ?').bind(submission),
    db
      .prepare(`SELECT count(*) AS n FROM pledge_actions WHERE pledge_id = ? AND kind = ? AND created_at >= strftime('%Y-%m-%dT00:00:00.000Z', 'now')`)
      .bind(pledgeId, kind),
  ]);
  if (inserted!.meta.changes > 0) return { said: (sameToday!.results[0]?.n ?? 0) > 1 ? 'again' : 'logged', id: submission };
  const row = kept!.results[0];
  if (!row) return { said: 'over' };
  if (row.pledge_id === pledgeId && row.kind === kind && row.note === (note || null)) {
    // Answered as the first time: `again` when a report of this kind by this pledge came before it that day.
    return { said: (await reportedBefore(db, submission)) ? 'again' : 'logged', id: submission };
  }
  const content = await sha256Hex(`${pledgeId}\n${kind}\n${note ?? ''}`, 8);
  return reportAction(db, `${submission}.${content}`, pledgeId, kind, note);
}

/** Whether the pledge behind the report kept as `id` had reported its kind earlier that day (UTC). */
async function reportedBefore(db: D1Database, id: string): Promise<boolean> {
  const earlier = await db
    .prepare(
      `SELECT 1 FROM pledge_actions a, pledge_actions k WHERE k.id = ?1 AND a.pledge_id = k.pledge_id AND a.kind = k.kind
         AND a.created_at >= strftime('%Y-%m-%dT00:00:00.000Z', k.created_at) AND (a.created_at < k.created_at OR (a.created_at = k.created_at AND a.rowid < k.rowid))
       LIMIT 1`,
    )
    .bind(id)
    .first();
  return earlier !== null;
}

/**
 * A report this pledge made, kept as `id` (reportAction's), as its answer said it: its kind, and
 * whether it came after one of the same kind that day. Another pledge's report, or none: null.
 */
export async function keptReport(db: D1Database, pledgeId: string, id: string): Promise<{ kind: ActionKind; again: boolean } | null> {
  const row = await db.prepare('SELECT kind FROM pledge_actions WHERE id = ? AND pledge_id = ?').bind(id, pledgeId).first<{ kind: ActionKind }>();
  return row ? { kind: row.kind, again: await reportedBefore(db, id) } : null;
}

export async function actionCounts(db: D1Database): Promise<Record<ActionKind, number> & { total: number }> {
  // A pledger's reports of one kind count once a day (UTC): one signed link cannot run the public
  // count up by posting again and again, with a fresh submission id or none. Each report is kept.
  // Only a standing pledge's count: one withdrawn (or flagged since) leaves the count with its
  // pledge, or one mailbox could report every kind, withdraw, pledge again and report again.
  const { results } = await db
    .prepare(
      `SELECT a.kind, count(DISTINCT coalesce(a.pledge_id, a.id) || '|' || substr(a.created_at, 1, 10)) AS n
       FROM pledge_actions a LEFT JOIN pledges p ON p.id = a.pledge_id
       WHERE a.pledge_id IS NULL OR (p.status = 'confirmed' AND p.flagged = 0)
       GROUP BY a.kind`,
    )
    .all<{ kind: ActionKind; n: number }>();
  return byKind(results);
}

/** Rows of (kind, n) as a figure for every kind (0 for one with no row) and their total. */
function byKind(rows: { kind: ActionKind; n: number }[]): Record<ActionKind, number> & { total: number } {
  const counts = { screening: 0, language: 0, outreach: 0, mentoring: 0, other: 0, total: 0 };
  for (const r of rows) {
    counts[r.kind] = r.n;
    counts.total += r.n;
  }
  return counts;
}

/** What the dashboard shows of the reports themselves: how many were sent (each kept), and the latest notes. */
export interface ActionReports {
  /** Every report, by kind, including a pledger's second report of a kind on one day (counted once). */
  reports: Record<ActionKind, number> & { total: number };
  /** The latest notes pledgers wrote with a report, newest first: the text, no name or address. */
  notes: { kind: ActionKind; note: string; at: string; partner: string | null; role: string | null }[];
}

/** The maintainers' view of reported actions (actionCounts is the public one): standing pledges' reports, and their notes. */
export async function actionReports(db: D1Database, notes = 50): Promise<ActionReports> {
  const standing = `(a.pledge_id IS NULL OR (p.status = 'confirmed' AND p.flagged = 0))`;
  const [kinds, latest] = await db.batch([
    db.prepare(`SELECT a.kind, count(*) AS n FROM pledge_actions a LEFT JOIN pledges p ON p.id = a.pledge_id WHERE ${standing} GROUP BY a.kind`),
    db
      .prepare(
        `SELECT a.kind, a.note, a.created_at AS at, p.partner_id AS partner, p.role FROM pledge_actions a LEFT JOIN pledges p ON p.id = a.pledge_id
         WHERE a.note IS NOT NULL AND ${standing} ORDER BY a.created_at DESC LIMIT ?`,
      )
      .bind(notes),
  ]);
  return { reports: byKind(kinds!.results as { kind: ActionKind; n: number }[]), notes: latest!.results as ActionReports['notes'] };
}

/** A year, for "active": confirmed or recommitted within it. */
export const ACTIVE_DAYS = 365;

/**
 * Confirmed pledges that are active (confirmed or recommitted within the last year) and lapsed, and
 * `renewed`: those active only by their renewal (confirmed before the year began, recommitted
 * within it). /impact's chart gives how many were confirmed up to the end of a period, and read a
 * year after that period ended, that figure less the lapsed ones is `renewed` (see suppressActive).
 */
export async function activeCounts(db: D1Database, now = Date.now()): Promise<{ active: number; lapsed: number; renewed: number }> {
  const since = new Date(now - ACTIVE_DAYS * 86_400_000).toISOString();
  const row = await db
    .prepare(
      `SELECT count(*) FILTER (WHERE max(confirmed_at, coalesce(recommitted_at, '')) >= ?1) AS active,
              count(*) FILTER (WHERE max(confirmed_at, coalesce(recommitted_at, '')) < ?1) AS lapsed,
              count(*) FILTER (WHERE confirmed_at < ?1 AND recommitted_at >= ?1) AS renewed
       FROM pledges WHERE status = 'confirmed' AND flagged = 0`,
    )
    .bind(since)
    .first<{ active: number; lapsed: number; renewed: number }>();
  return { active: row?.active ?? 0, lapsed: row?.lapsed ?? 0, renewed: row?.renewed ?? 0 };
}

/** Marks a confirmed pledge recommitted now; false when it is not (or no longer) confirmed. */
export async function recommit(db: D1Database, id: string): Promise<boolean> {
  const { meta } = await db
    .prepare(`UPDATE pledges SET recommitted_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE id = ? AND status = 'confirmed'`)
    .bind(id)
    .run();
  return meta.changes > 0;
}

/**
 * Turns the yearly renewal email on or off for a pledge. Off also stops one already waiting to go
 * (queued, or claimed and not yet handed over: see send-outbox.ts), as unsubscribing stops updates.
 * On again while that anniversary's window is still open puts the one it stopped back in line (the
 * Cron writes each anniversary's row once, so it would not write it again), unless the pledge was
 * renewed since (from another email's link): the sweeper, dated back so its next run takes it,
 * queues it within minutes. False when there is no such pledge, or it was withdrawn: nothing to turn.
 */
export async function setReminders(db: D1Database, id: string, on: boolean, now = Date.now()): Promise<boolean> {
  const at = new Date(now).toISOString();
  const [set] = await db.batch([
    db.prepare(`UPDATE pledges SET reminders = ? WHERE id = ? AND status != 'withdrawn'`).bind(on ? 1 : 0, id),
    on
      ? db
          .prepare(
            `UPDATE email_outbox SET status = 'queued', last_error = NULL, updated_at = '1970-01-01T00:00:00.000Z'
             WHERE pledge_id = ?1 AND kind = 'recommit' AND status = 'cancelled' AND last_error = 'reminders_off' AND created_at > ?2
               AND EXISTS (SELECT 1 FROM pledges p WHERE p.id = ?1 AND p.status = 'confirmed'
                             AND (p.recommitted_at IS NULL OR p.recommitted_at < email_outbox.created_at))`,
          )
          .bind(id, new Date(now - RECOMMIT_WINDOW_DAYS * 86_400_000).toISOString())
      : db
          .prepare(
            `UPDATE email_outbox SET status = 'cancelled', last_error = 'reminders_off', updated_at = ? WHERE pledge_id = ? AND kind = 'recommit'
               AND (status = 'queued' OR (status = 'sending' AND sent_at IS NULL))`,
          )
          .bind(at, id),
  ]);
  return (set?.meta.changes ?? 0) > 0;
}

/** An active resource with this link in this language, other than `except` (the one being edited). */
export async function activeTwin(db: D1Database, url: string, lang: string, except?: string): Promise<{ id: string; title: string } | null> {
  return db
    .prepare('SELECT id, title FROM resources WHERE url = ? AND lang = ? AND active = 1 AND id != ? LIMIT 1')
    .bind(url, lang, except ?? '')
    .first<{ id: string; title: string }>();
}
