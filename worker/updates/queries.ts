/** The updates table, its audit trail, and the figures counted from the outbox rows. */
import type { Audience, Draft } from './draft.ts';
import { pickLang } from '../../src/i18n/index.ts';
import type { Lang } from '../../src/pledge-fields.ts';

export type UpdateStatus = 'draft' | 'sending' | 'sent' | 'cancelled';

export interface UpdateRow {
  id: string;
  status: UpdateStatus;
  /** Empty ('') for an update written only in Spanish (to Spanish readers only). */
  subject_en: string;
  body_en: string;
  subject_es: string | null;
  body_es: string | null;
  audience: string;
  /** Bumped by every edit of the draft (migration 0012). */
  revision: number;
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
  snapshot_cursor: string;
  snapshot_done: number;
  snapshot_count: number;
  enqueue_cursor: string;
  enqueue_done: number;
  fanout_at: string | null;
  /** The audience counted when sending started (migration 0023); null for a draft and for sends before it. */
  audience_count: number | null;
}

export interface Figures {
  id: string;
  status: UpdateStatus;
  recipients: number;
  sent: number;
  failed: number;
  suppressed: number;
  /** Not sent for any other reason: the person withdrew or unsubscribed after the snapshot, or the update was cancelled. */
  skipped: number;
  /** Of `skipped`, those not sent because the update was cancelled before their turn came. */
  cancelled: number;
}

/** The subject an update is known by on the dashboard: the English one, else (a Spanish-only update) the Spanish one. */
export const titleOf = (u: Pick<UpdateRow, 'subject_en' | 'subject_es'>): { text: string; lang: 'en' | 'es' } =>
  u.subject_en || !u.subject_es ? { text: u.subject_en, lang: 'en' } : { text: u.subject_es, lang: 'es' };

/** The languages an update is written in. */
export const langsOf = (u: Pick<UpdateRow, 'subject_en' | 'subject_es'>): ('en' | 'es')[] => [...(u.subject_en ? (['en'] as const) : []), ...(u.subject_es ? (['es'] as const) : [])];

export const audienceOf = (u: Pick<UpdateRow, 'audience'>): Audience => ({ partners: [], roles: [], langs: [], ...(JSON.parse(u.audience) as Partial<Audience>) });

/**
 * Pledges (aliased `p`) in an audience: confirmed, not flagged, asked to be kept informed,
 * narrowed by society, role and language. Suppressed addresses stay in (the list holds only
 * hashes): they are counted as `suppressed` when their email would be composed.
 */
export function audienceWhere(a: Audience, firstParam = 1): { sql: string; params: string[] } {
  const parts = [`p.status = 'confirmed'`, 'p.flagged = 0', 'p.updates = 1'];
  const params: string[] = [];
  for (const [column, values] of [['p.partner_id', a.partners], ['p.role', a.roles], ['p.lang', a.langs]] as const) {
    if (!values.length) continue;
    parts.push(`${column} IN (${values.map((_, i) => `?${firstParam + params.length + i}`).join(', ')})`);
    params.push(...values);
  }
  return { sql: parts.join(' AND '), params };
}

/** The outbox ids of an update's rows all lie between these two (`update:<id>:<pledge id>`). */
export const rowRange = (updateId: string) => [`update:${updateId}:`, `update:${updateId};`] as const;

export async function audienceSize(db: D1Database, a: Audience): Promise<number> {
  const where = audienceWhere(a);
  const row = await db.prepare(`SELECT count(*) AS n FROM pledges p WHERE ${where.sql}`).bind(...where.params).first<{ n: number }>();
  return row?.n ?? 0;
}

/**
 * The version a reader gets: Spanish when they chose Spanish and there is one, else English; and
 * Spanish when there is no English (an update to Spanish readers only, to one who switched to
 * English since): never an empty email.
 */
export function versionFor(u: UpdateRow, lang: string): { lang: Lang; subject: string; body: string } {
  return (pickLang(lang) === 'es' || !u.subject_en || !u.body_en) && u.subject_es && u.body_es
    ? { lang: 'es', subject: u.subject_es, body: u.body_es }
    : { lang: 'en', subject: u.subject_en, body: u.body_en };
}

/**
 * How many in a draft's audience read Spanish but will get its English version (`versionFor`):
 * those whose language is Spanish, when the update has no Spanish version; else 0.
 * Said before it is sent (the dashboard's send check, the API's draft answer), never holding the send back.
 */
export async function spanishReadersInEnglish(db: D1Database, u: UpdateRow): Promise<number> {
  if (versionFor(u, 'es').lang === 'es') return 0;
  const a = audienceOf(u);
  if (a.langs.length && !a.langs.includes('es')) return 0;
  return audienceSize(db, { ...a, langs: ['es'] });
}

export function auditStatement(db: D1Database, updateId: string | null, action: string, actor: string, detail: string | null = null): D1PreparedStatement {
  return db.prepare('INSERT INTO update_audit (update_id, action, actor, detail) VALUES (?, ?, ?, ?)').bind(updateId, action, actor, detail);
}

/** The same, recorded only when the statement just before it in a batch changed a row (a second press changes nothing, and records nothing). */
export function auditIfChanged(db: D1Database, updateId: string | null, action: string, actor: string, detail: string | null = null): D1PreparedStatement {
  return db.prepare('INSERT INTO update_audit (update_id, action, actor, detail) SELECT ?, ?, ?, ? WHERE changes() > 0').bind(updateId, action, actor, detail);
}

/**
 * Stores a new draft. `key` (the dashboard form's own id for the draft it composes) makes a
 * second submission of the same form (a double click, a reload of its answer) answer the draft
 * the first one made, not make another: `created` is then false. The same key with other words
 * (the form edited after going back to it) is a new draft, under an id of its own.
 */
export async function createUpdate(db: D1Database, draft: Draft, actor: string, key?: string): Promise<{ id: string; created: boolean }> {
  const values = [draft.subject.en ?? '', draft.body.en ?? '', draft.subject.es ?? null, draft.body.es ?? null, JSON.stringify(draft.audience)] as const;
  if (key) {
    const [inserted] = await db.batch([
      db.prepare('INSERT INTO updates (id, subject_en, body_en, subject_es, body_es, audience) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING RETURNING id').bind(key, ...values),
      db.prepare('INSERT INTO update_audit (update_id, action, actor) SELECT ?, ?, ? WHERE changes() = 1').bind(key, 'create', actor),
    ]);
    if (inserted!.results.length) return { id: key, created: true };
    const same = await db
      .prepare('SELECT 1 FROM updates WHERE id = ? AND subject_en = ? AND body_en = ? AND subject_es IS ? AND body_es IS ? AND audience = ?')
      .bind(key, ...values)
      .first();
    if (same) return { id: key, created: false };
  }
  const id = crypto.randomUUID();
  await db.batch([
    db.prepare('INSERT INTO updates (id, subject_en, body_en, subject_es, body_es, audience) VALUES (?, ?, ?, ?, ?, ?)').bind(id, ...values),
    auditStatement(db, id, 'create', actor),
  ]);
  return { id, created: true };
}

/**
 * Replaces a draft's subject, body and audience, bumps its revision and records who did it, in
 * one transaction. Only a draft changes: once sending has begun (or the draft was discarded)
 * nothing does; with `revision`, nor does a draft someone else changed since it was loaded.
 * Returns whether the draft was changed.
 */
export async function editDraft(db: D1Database, id: string, draft: Draft, actor: string, revision?: number): Promise<boolean> {
  const [edited] = await db.batch([
    db
      .prepare(
        `UPDATE updates SET subject_en = ?1, body_en = ?2, subject_es = ?3, body_es = ?4, audience = ?5, revision = revision + 1
         WHERE id = ?6 AND status = 'draft' AND (?7 IS NULL OR revision = ?7)`,
      )
      .bind(draft.subject.en ?? '', draft.body.en ?? '', draft.subject.es ?? null, draft.body.es ?? null, JSON.stringify(draft.audience), id, revision ?? null),
    // Recorded only when the UPDATE above changed the draft (changes() is that statement's count).
    db.prepare(`INSERT INTO update_audit (update_id, action, actor, detail) SELECT ?, 'edit', ?, NULL WHERE changes() > 0`).bind(id, actor),
  ]);
  return (edited?.meta.changes ?? 0) > 0;
}

/** How long a test of an update stays "just sent": the same test asked for again within it sends nothing. */
export const TEST_REPEAT_WINDOW_MS = 60_000;

/** One test of an update: the update as it reads (`version`), to one address (its HMAC), in one language. */
export interface TestKey {
  updateId: string;
  version: string;
  addressHash: string;
  lang: 'en' | 'es';
}

const pruneStatement = (db: D1Database, now: number) => db.prepare('DELETE FROM update_tests WHERE sent_at <= ?').bind(now - TEST_REPEAT_WINDOW_MS);

/** Forgets tests past their minute (the Cron's, so the last ones are not kept for good). */
export async function pruneTests(db: D1Database, now: number): Promise<void> {
  await pruneStatement(db, now).run();
}

/**
 * Claims a test before it is sent: true when no test of the same version to the same address in
 * the same language was claimed within TEST_REPEAT_WINDOW_MS of `now`. Decided by one conditional
 * insert, so of two requests arriving together exactly one claims it (SQLite runs a statement
 * whole); rows past the window are pruned first, in the same transaction.
 */
export async function claimTest(db: D1Database, key: TestKey, now: number): Promise<boolean> {
  const [, claimed] = await db.batch([
    pruneStatement(db, now),
    db
      .prepare(
        `INSERT INTO update_tests (update_id, version, address_hash, lang, sent_at)
         SELECT ?1, ?2, ?3, ?4, ?5
         WHERE NOT EXISTS (SELECT 1 FROM update_tests WHERE update_id = ?1 AND version = ?2 AND address_hash = ?3 AND lang = ?4 AND sent_at > ?5 - ?6)
         RETURNING sent_at`,
      )
      .bind(key.updateId, key.version, key.addressHash, key.lang, now, TEST_REPEAT_WINDOW_MS),
  ]);
  return claimed!.results.length > 0;
}

/** Gives a claimed test back (it could not be sent): asking again sends it at once. */
export async function releaseTest(db: D1Database, key: TestKey, claimedAt: number): Promise<void> {
  await db
    .prepare('DELETE FROM update_tests WHERE update_id = ? AND version = ? AND address_hash = ? AND lang = ? AND sent_at = ?')
    .bind(key.updateId, key.version, key.addressHash, key.lang, claimedAt)
    .run();
}

export function getUpdate(db: D1Database, id: string): Promise<UpdateRow | null> {
  return db.prepare('SELECT * FROM updates WHERE id = ?').bind(id).first<UpdateRow>();
}

const FIGURES = `count(*) AS recipients,
  coalesce(sum(status = 'sent'), 0) AS sent,
  coalesce(sum(status = 'failed'), 0) AS failed,
  coalesce(sum(status = 'cancelled' AND last_error = 'suppressed'), 0) AS suppressed,
  coalesce(sum(status = 'cancelled' AND coalesce(last_error, '') != 'suppressed'), 0) AS skipped,
  coalesce(sum(status = 'cancelled' AND last_error = 'cancelled'), 0) AS cancelled,
  coalesce(sum(status IN ('queued', 'sending')), 0) AS pending`;

type Counted = Omit<Figures, 'id' | 'status'> & { pending: number };

const NO_ROWS: Omit<Figures, 'id' | 'status'> = { recipients: 0, sent: 0, failed: 0, suppressed: 0, skipped: 0, cancelled: 0 };

/**
 * A sent (or stopping) update's figures from its outbox rows, and from the audience counted when
 * sending started: until the fan-out has put everyone's row in the outbox, those without one are
 * recipients still to come, and if the send is stopped first they are not sent because it was
 * cancelled. Once the snapshot is done, anyone counted at the start who has no row (they withdrew
 * or unsubscribed in between) is skipped, so the recipients never shrink and every figure adds up.
 */
function settled(u: UpdateRow, c: Counted): Omit<Figures, 'id' | 'status'> {
  const missing = Math.max(0, (u.audience_count ?? 0) - c.recipients);
  const unsent = u.status === 'cancelled' && !u.snapshot_done ? missing : 0;
  const skipped = u.snapshot_done || u.status === 'cancelled' ? missing : 0;
  return { recipients: c.recipients + missing, sent: c.sent, failed: c.failed, suppressed: c.suppressed, skipped: c.skipped + skipped, cancelled: c.cancelled + unsent };
}

/**
 * An update's figures. A draft's recipients are its audience as of now; once sending starts they
 * are the audience counted then, and every other figure is counted from its outbox rows (see
 * `settled`). A fan-out whose every row is settled is marked sent here (and by the Cron).
 */
export async function figures(db: D1Database, u: UpdateRow): Promise<Figures> {
  if (u.status === 'draft') return { id: u.id, status: u.status, recipients: await audienceSize(db, audienceOf(u)), sent: 0, failed: 0, suppressed: 0, skipped: 0, cancelled: 0 };
  const c = (await db.prepare(`SELECT ${FIGURES} FROM email_outbox WHERE kind = 'update' AND ref = ?`).bind(u.id).first<Counted>())!;
  let status = u.status;
  if (status === 'sending' && u.snapshot_done && u.enqueue_done && c.pending === 0) {
    await db.prepare(`UPDATE updates SET status = 'sent', finished_at = ? WHERE id = ? AND status = 'sending'`).bind(new Date().toISOString(), u.id).run();
    status = 'sent';
  }
  return { id: u.id, status, ...settled({ ...u, status }, c) };
}

export interface HistoryRow extends Figures {
  subject: string;
  /** The language `subject` is in (Spanish for an update written only in Spanish). */
  subject_lang: 'en' | 'es';
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
  langs: string;
}

/** Past and current updates, newest first, with their figures (one grouped count over the outbox). */
export async function history(db: D1Database, limit = 50): Promise<HistoryRow[]> {
  const [updates, counts] = await db.batch([
    db.prepare('SELECT * FROM updates ORDER BY created_at DESC LIMIT ?').bind(limit),
    db.prepare(
      `SELECT ref, ${FIGURES} FROM email_outbox WHERE kind = 'update' AND ref IN (SELECT id FROM updates ORDER BY created_at DESC LIMIT ?) GROUP BY ref`,
    ).bind(limit),
  ]);
  const byRef = new Map((counts!.results as (Counted & { ref: string })[]).map((c) => [c.ref, c]));
  // A draft has no outbox rows yet: its recipients are its audience as of now, as `figures` says.
  const drafts = (updates!.results as UpdateRow[]).filter((u) => u.status === 'draft');
  const audiences = new Map(await Promise.all(drafts.map(async (u) => [u.id, await audienceSize(db, audienceOf(u))] as const)));
  return (updates!.results as UpdateRow[]).map((u) => {
    const title = titleOf(u);
    return {
      id: u.id,
      status: u.status,
      subject: title.text,
      subject_lang: title.lang,
      langs: langsOf(u).join(', '),
      created_at: u.created_at,
      started_at: u.started_at,
      finished_at: u.finished_at,
      ...(u.status === 'draft' ? { ...NO_ROWS, recipients: audiences.get(u.id) ?? 0 } : settled(u, byRef.get(u.id) ?? { ...NO_ROWS, pending: 0 })),
    };
  });
}

export interface AuditRow {
  update_id: string | null;
  action: string;
  actor: string;
  detail: string | null;
  at: string;
}

export async function auditTrail(db: D1Database, updateId: string): Promise<AuditRow[]> {
  const { results } = await db.prepare('SELECT update_id, action, actor, detail, at FROM update_audit WHERE update_id = ? ORDER BY seq').bind(updateId).all<AuditRow>();
  return results;
}
