import { rateLimitRaced, screenForRateLimit } from './abuse.ts';
import type { PledgeMessage } from './message.ts';

/**
 * The queue consumer: writes a batch of pledges to D1 in ONE transaction (`db.batch`).
 * Per partner, one INSERT … SELECT FROM json_each(?) … ON CONFLICT DO NOTHING, then one
 * UPDATE of that partner's aggregate by `changes()` — so a redelivered batch, a client
 * retry or an email already pledged changes nothing, and no row is updated once per pledge.
 * Flagged pledges are stored for review but never counted, and get no email.
 *
 * In the same transaction, the outbox gets one row per email to send: a confirmation for
 * each new pledge; for a repeated email, a short "already pledged" note if that pledge is
 * confirmed, or, if not, the confirmation again, for the details just sent (`replaceWaiting`) —
 * at most three emails per pledge, ever; none while the pledge's previous one of that kind still
 * waits to go, never handed over (composed when it goes, it carries the details just sent).
 * Returns the outbox rows waiting to be sent, for the caller to put on the email queue.
 */
export const MAX_EMAILS_PER_PLEDGE = 3;

/**
 * A clean pledge takes the place of a flagged one with the same email (a clinician
 * rate-limited on conference wifi who pledges again from home; an address someone else
 * submitted through the honeypot): the flagged row never had an email or a count.
 * Any other conflict — the same id again, a clean pledge already there — changes nothing.
 */
const REPLACE_FLAGGED = `ON CONFLICT (id) DO NOTHING
  ON CONFLICT (email) DO UPDATE SET
    id = excluded.id, partner_id = excluded.partner_id, name = excluded.name, role = excluded.role,
    organization = excluded.organization, region = excluded.region, updates = excluded.updates,
    lang = excluded.lang, source = excluded.source, hosted = excluded.hosted, flagged = 0, flag_reason = NULL, ip_hash = excluded.ip_hash,
    received_at = excluded.received_at, created_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
  WHERE pledges.flagged = 1 AND pledges.status = 'pending'`;

/**
 * The pledges still waiting for their confirmation that this batch (`?1`, the rows as JSON)
 * pledges again with newer details, and for which a confirmation goes out with them: again now (a
 * `repeat:` row of this batch: so never past the cap of three, when nobody would be told), or one
 * still waiting to go (composed when it goes, from the pledge as it is then): each
 * once (`waiting`), with the batch's last clean pledge for its address (`v`). Newer: its
 * `received_at` is later than the stored one's and than any details already waiting (`next_details`),
 * so a redelivered batch changes nothing again, and a late redelivery of an older one puts nothing back.
 * The batch is read once (`b`): a json_each inside a correlated subquery parses it again per row.
 */
const WAITING_REPEATS = `WITH b AS MATERIALIZED (
    SELECT key, value ->> 'email' AS email, value ->> 'id' AS id, value ->> 'received_at' AS received_at, value AS v
    FROM json_each(?1) WHERE (value ->> 'flagged') = 0
  ), latest AS MATERIALIZED (SELECT email, max(key) AS key FROM b GROUP BY email),
  waiting AS MATERIALIZED (
    SELECT p.id, b.v AS v
    FROM latest JOIN b ON b.key = latest.key CROSS JOIN pledges p ON p.email = latest.email
    WHERE p.status = 'pending' AND p.flagged = 0
      AND b.received_at > max(coalesce(p.received_at, ''), coalesce(p.next_details ->> 'received_at', ''))
      -- (its repeat row not yet claimed: a redelivered batch whose row was refused, capped, or is being sent brings nothing back)
      AND (p.id IN (SELECT o.pledge_id FROM email_outbox o WHERE o.id IN (SELECT 'repeat:' || id FROM b) AND o.status = 'queued' AND o.attempts = 0)
        OR EXISTS (SELECT 1 FROM email_outbox o WHERE o.pledge_id = p.id AND o.kind = 'confirm' AND o.status = 'queued' AND o.in_doubt_since IS NULL))
  )`;

/**
 * A pledge not yet confirmed is to take the details of the latest clean pledge for its address (its
 * society, name, role, organization, region, updates, language, source, and whether it was made on
 * the coalition's own page), keeping its id, so the confirmation links already sent confirm what
 * was sent last, and a confirmation goes out with them (again, or the one still waiting to go).
 * The one who confirms is the one who reads that mailbox: without this, anyone who pledged first
 * with someone's address decided what their confirmation confirmed (another society, another name
 * and role), and their own answers were dropped. A confirmed pledge is never changed this way.
 *
 * The details wait beside the pledge (`next_details`) and become its own only once that
 * confirmation is handed over (`applyNextDetails`, with its mark as sent): a confirmation that never goes
 * out (the mailbox's emails used up by someone else's +tags, the address suppressed) must not let
 * the link its owner already holds confirm a stranger's details.
 * Runs after the batch's inserts and its outbox rows (the `repeat:` rows it looks for).
 */
function replaceWaiting(db: D1Database, all: string): D1PreparedStatement {
  return db
    .prepare(`${WAITING_REPEATS} UPDATE pledges SET next_details = w.v FROM waiting AS w WHERE pledges.id = w.id`)
    .bind(all);
}

/**
 * Pledges waiting for their confirmation, whose confirmation has just been handed over, take the
 * details it was composed from (`pledges`: each pledge's id, and `at`, the details' `received_at` as
 * read then; see `replaceWaiting`): their society, name, role, organization, region, updates,
 * language, source and whether it was made on the coalition's own page. The pending counts follow
 * the society (off the old one, onto the new), read before the update. A pledge whose details changed since, or confirmed meanwhile, is left as it is,
 * so a retried or redelivered email moves nothing again.
 */
export function applyNextDetails(db: D1Database, pledges: readonly { id: string; at: string }[]): D1PreparedStatement[] {
  const waiting = `SELECT p.id, p.partner_id, p.next_details ->> 'partner_id' AS new_partner FROM json_each(?1) AS j JOIN pledges p ON p.id = j.value ->> 'id'
    WHERE +p.status = 'pending' AND p.flagged = 0 AND p.next_details ->> 'received_at' = j.value ->> 'at'`; // (+status: by id, not every pending pledge)
  const json = JSON.stringify(pledges);
  return [
    db
      .prepare(
        `UPDATE pledge_counts SET pending = pending + d.delta
         FROM (SELECT partner_id, sum(delta) AS delta FROM (
                 SELECT partner_id, -1 AS delta FROM (${waiting}) UNION ALL SELECT new_partner, 1 FROM (${waiting}))
               GROUP BY partner_id) AS d
         WHERE pledge_counts.partner_id = d.partner_id`,
      )
      .bind(json),
    db
      .prepare(
        `UPDATE pledges SET (partner_id, name, role, organization, region, updates, lang, source, hosted, ip_hash, received_at, next_details) = (
           next_details ->> 'partner_id', next_details ->> 'name', next_details ->> 'role', next_details ->> 'organization',
           next_details ->> 'region', next_details ->> 'updates', next_details ->> 'lang', next_details ->> 'source',
           -- (details an older Worker kept waiting have no 'hosted': from a society's site, as its messages are)
           coalesce(next_details ->> 'hosted', 0), next_details ->> 'ip_hash', next_details ->> 'received_at', NULL)
         WHERE id IN (SELECT id FROM (${waiting}))`,
      )
      .bind(json),
  ];
}

/**
 * Screens a batch for the per-IP rate limit and stores it (`screenForRateLimit`, `storePledges`), the
 * count and the store as one step: if another consumer stored pledges of one of its clients between
 * the two, earlier or later ones (the store's guard fails, storing nothing), it is screened again,
 * counting them, up to SCREEN_ATTEMPTS times; then the error goes to the queue, which delivers the
 * batch again later.
 */
export async function screenAndStorePledges(env: Env, messages: PledgeMessage[]): Promise<string[]> {
  for (let attempt = 1; ; attempt++) {
    const { messages: screened, guard } = await screenForRateLimit(env, messages);
    try {
      return await storePledges(env.DB, screened, guard);
    } catch (err) {
      if (attempt >= SCREEN_ATTEMPTS || !rateLimitRaced(err)) throw err;
    }
  }
}

/** Times a batch is screened and stored before a race with other consumers is left to the queue's retry. */
export const SCREEN_ATTEMPTS = 5;

/** `guard`: a statement run first, in the same transaction, whose failure stores nothing (`screenForRateLimit`). */
export async function storePledges(db: D1Database, messages: PledgeMessage[], guard?: D1PreparedStatement | null): Promise<string[]> {
  const rows = messages.map((m) => ({
    id: m.id,
    partner_id: m.pledge.partner,
    email: m.pledge.email,
    name: m.pledge.name,
    role: m.pledge.role,
    organization: m.pledge.organization || null,
    region: m.pledge.region || null,
    updates: m.pledge.updates ? 1 : 0,
    lang: m.pledge.lang ?? 'en',
    source: m.pledge.source ?? null,
    flagged: m.flag ? 1 : 0,
    flag_reason: m.flag,
    ip_hash: m.ipHash,
    received_at: m.receivedAt,
    hosted: m.hosted ? 1 : 0, // (none from an older Worker's message: from a society's site, as every pledge was)
  }));

  const groups = new Map<string, typeof rows>();
  for (const row of rows) {
    const key = row.flagged ? '' : row.partner_id; // '' = flagged: stored, not counted
    groups.set(key, [...(groups.get(key) ?? []), row]);
  }

  const statements: D1PreparedStatement[] = guard ? [guard] : [];
  for (const [partner, group] of groups) {
    statements.push(
      db
        .prepare(
          `INSERT INTO pledges (id, partner_id, email, name, role, organization, region, updates, lang,
                                flagged, flag_reason, ip_hash, received_at, source, hosted)
           SELECT j.value ->> 'id', j.value ->> 'partner_id', j.value ->> 'email', j.value ->> 'name',
                  j.value ->> 'role', j.value ->> 'organization', j.value ->> 'region', j.value ->> 'updates',
                  j.value ->> 'lang', j.value ->> 'flagged', j.value ->> 'flag_reason', j.value ->> 'ip_hash',
                  j.value ->> 'received_at', j.value ->> 'source', j.value ->> 'hosted'
           FROM json_each(?) AS j
           WHERE true -- (an upsert's SELECT needs a WHERE, or SQLite misreads ON CONFLICT)
           ORDER BY j.key
           ${partner ? REPLACE_FLAGGED : 'ON CONFLICT DO NOTHING'}`,
        )
        .bind(JSON.stringify(group)),
    );
    if (partner) {
      statements.push(
        db.prepare('UPDATE pledge_counts SET pending = pending + changes() WHERE partner_id = ?').bind(partner),
      );
    }
  }
  const all = JSON.stringify(rows);
  statements.push(
    db
      .prepare(
        `INSERT INTO email_outbox (id, pledge_id, kind)
         SELECT 'confirm:' || p.id, p.id, 'confirm'
         -- CROSS JOIN keeps the batch as the outer loop (a lookup by primary key per pledge): left to
         -- itself, SQLite walked every pending pledge through its status index, once per batch.
         FROM json_each(?) AS j CROSS JOIN pledges p ON p.id = j.value ->> 'id' AND p.email = j.value ->> 'email'
         WHERE p.flagged = 0 AND p.status = 'pending'
         ON CONFLICT DO NOTHING`,
      )
      .bind(all),
    db
      .prepare(
        `INSERT INTO email_outbox (id, pledge_id, kind)
         SELECT 'repeat:' || min(j.value ->> 'id'), p.id, CASE p.status WHEN 'confirmed' THEN 'already' ELSE 'confirm' END
         FROM json_each(?) AS j JOIN pledges p ON p.email = j.value ->> 'email' AND p.id != j.value ->> 'id'
         WHERE p.flagged = 0 AND (j.value ->> 'flagged') = 0 AND p.status != 'withdrawn'
           -- Only the pledge's own emails count: updates and check-ins it asked for do not use up its notes.
           AND (SELECT count(*) FROM email_outbox o WHERE o.pledge_id = p.id AND o.kind IN ('confirm', 'already')) < ${MAX_EMAILS_PER_PLEDGE}
           -- Not while one of the same kind still waits to go, never handed over: it is composed when it
           -- goes, from the pledge as it is then, so it already says what this one would (a double click,
           -- the hosted form sent twice, pledges sent together without an id: one email, not two). One in
           -- doubt (handed over, outcome unknown) may have gone with the old details: this one goes too.
           AND NOT EXISTS (SELECT 1 FROM email_outbox o WHERE o.pledge_id = p.id AND o.status = 'queued' AND o.in_doubt_since IS NULL
                           AND o.kind = CASE p.status WHEN 'confirmed' THEN 'already' ELSE 'confirm' END)
         -- The count above is read before this statement inserts: one repeat email per pledge per batch keeps the cap.
         GROUP BY p.id
         ON CONFLICT DO NOTHING`,
      )
      .bind(all),
    replaceWaiting(db, all),
    db
      .prepare(
        `SELECT id FROM email_outbox WHERE +status = 'queued' AND id IN ( -- +status: by id, not every queued row
           SELECT 'confirm:' || (value ->> 'id') FROM json_each(?1)
           UNION ALL SELECT 'repeat:' || (value ->> 'id') FROM json_each(?1))`,
      )
      .bind(all),
  );
  const results = await db.batch<{ id: string }>(statements);
  return (results.at(-1)?.results ?? []).map((r) => r.id);
}
