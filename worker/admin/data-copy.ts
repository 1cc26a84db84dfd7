import { pickLang } from '../../src/i18n/index.ts';
import type { Lang } from '../../src/pledge-fields.ts';
import { keyedHash } from '../platform/tokens.ts';
import { mailboxDomains, mailboxKey } from '../pledges/abuse.ts';
import { addressHashes } from '../updates/consent.ts';
import { DATA_COPY_STRINGS, type DataCopyStrings, type Explained } from './data-copy-strings.ts';

/**
 * A copy of what is kept about one address, for a person who asks the coalition for it (the right
 * of access): their pledge (with newer details still waiting for their confirmation), the actions
 * they noted, the organization requests that name them as contact (with answers still waiting, and a
 * change request waiting for review: what they asked), every email kept as sent or
 * waiting to them, whether the address is on the suppression list, and the counts of emails sent to
 * its mailbox (kept under an HMAC of it for up to QUOTA_WINDOW_DAYS, after an unconfirmed pledge is
 * erased too: abuse.ts, takeMailboxQuotas), any test of an update sent to it within the last minute
 * (update_tests, by an HMAC of it), and what maintainers did about it (update_audit, by the first 12
 * characters of its suppression key; never which maintainer). Read only: nothing changes.
 * Withdrawn pledges are not found: their details were erased when they were withdrawn.
 *
 * The file explains itself to the person, in their language (data-copy-strings.ts): `read_me` at its
 * top, and at its end `explained`, one entry for each key, each part's fields and codes included.
 */
export interface DataCopy {
  address: string;
  made_at: string;
  /** The language of its words: the person's own (their pledge's, else their organization request's), else the dashboard's. */
  language: Lang;
  read_me: string;
  pledge: Record<string, unknown> | null;
  actions: Record<string, unknown>[];
  organization_requests: Record<string, unknown>[];
  emails: Record<string, unknown>[];
  suppressed: { reason: string; since: string } | null;
  emails_counted: { counted: string; emails: number; first_at: string; last_at: string }[];
  test_emails: { subject: string | null; language: string; sent_at: string }[];
  audit_log: { action: string; at: string }[];
  explained: Explained;
}

/** The audit's actions about one address, which name it by the first 12 characters of its suppression key (updates/service.ts). */
const ADDRESS_ACTIONS = ['stop-updates', 'add-suppression', 'lift-suppression'];

/** The counts `takeMailboxQuotas` keeps for a mailbox, by the prefix of their key, with the words the copy names them by. */
const COUNTED: readonly (readonly [prefix: string, counted: keyof DataCopyStrings['counted']])[] = [
  ['', 'pledge'],
  ['org:', 'org'],
  ['org-own:', 'orgOwn'],
];

/** The copy, or null when nothing at all is kept about the address. `lang`: the dashboard's, for a person whose own is not kept. */
export async function dataKeptAbout(env: Env, email: string, lang: Lang = 'en'): Promise<DataCopy | null> {
  const db = env.DB;
  const [hashes, mailbox, testKey] = await Promise.all([addressHashes(env, email), mailboxKey(env, email), keyedHash(env, 'update-test', email)]);
  const [pledge, orgs, suppression, quotas, tests, audit] = await Promise.all([
    db
      .prepare(
        `SELECT p.id, coalesce(s.name, p.partner_id) AS society, p.name, p.email, p.role, p.organization, p.region, p.lang AS language,
           p.status, p.flagged, p.flag_reason, p.updates, p.updates_later, p.reminders, p.source, p.hosted,
           p.created_at, p.received_at, p.released_at, p.confirmed_at, p.recommitted_at, p.ip_hash, p.next_details
         FROM pledges p LEFT JOIN partners s ON s.id = p.partner_id WHERE p.email = ? AND p.status != 'withdrawn'`,
      )
      .bind(email)
      .first<Record<string, unknown>>(),
    db
      .prepare(
        `SELECT id, name, type, website, region, size, contact_name, contact_email, contact_title, list_publicly,
           lang AS language, status, created_at, confirmed_at, decided_at, next_answers, change_asked
         FROM organizations WHERE contact_email = ? ORDER BY created_at, id`,
      )
      .bind(email)
      .all<Record<string, unknown>>(),
    db
      .prepare('SELECT reason, created_at AS since FROM email_suppressions WHERE address_hash IN (SELECT value FROM json_each(?)) ORDER BY created_at LIMIT 1')
      .bind(JSON.stringify(hashes))
      .first<{ reason: string; since: string }>(),
    db
      .prepare('SELECT mailbox, emails, created_at, updated_at FROM mailbox_quota WHERE mailbox IN (SELECT value FROM json_each(?))')
      .bind(JSON.stringify(COUNTED.map(([prefix]) => prefix + mailbox)))
      .all<{ mailbox: string; emails: number; created_at: string; updated_at: string }>(),
    // Tests of an update sent to the address (service.ts, sendTest: the key an HMAC of it), named by the subject they showed.
    db
      .prepare(
        `SELECT CASE WHEN t.lang = 'es' AND u.subject_es IS NOT NULL THEN u.subject_es ELSE u.subject_en END AS subject, t.lang AS language, t.sent_at
         FROM update_tests t LEFT JOIN updates u ON u.id = t.update_id WHERE t.address_hash = ? ORDER BY t.sent_at`,
      )
      .bind(testKey)
      .all<{ subject: string | null; language: string; sent_at: number }>(),
    // What maintainers did about the address: when and what, never who (a maintainer's own data).
    db
      .prepare(
        `SELECT action, at FROM update_audit
         WHERE update_id IS NULL AND action IN (SELECT value FROM json_each(?1)) AND detail IN (SELECT value FROM json_each(?2)) ORDER BY seq`,
      )
      .bind(JSON.stringify(ADDRESS_ACTIONS), JSON.stringify([...new Set(hashes.map((h) => h.slice(0, 12)))]))
      .all<{ action: string; at: string }>(),
  ]);
  const organizations = orgs.results;
  const language: Lang = pledge ? pickLang(String(pledge.language)) : organizations[0] ? pickLang(String(organizations[0].language)) : lang;
  const words = DATA_COPY_STRINGS[language];
  // The key (an HMAC of the address) stays out: only what it counts, in the order COUNTED gives.
  const counted = COUNTED.flatMap(([prefix, what]) =>
    quotas.results.filter((q) => q.mailbox === prefix + mailbox).map((q) => ({ counted: words.counted[what], emails: q.emails, first_at: q.created_at, last_at: q.updated_at })),
  );
  if (!pledge && !organizations.length && !suppression && !counted.length && !tests.results.length && !audit.results.length) return null;

  const pledgeId = pledge ? String(pledge.id) : null;
  const orgIds = organizations.map((o) => String(o.id));
  const [actions, emails] = await Promise.all([
    pledgeId
      ? db.prepare('SELECT kind, note, created_at FROM pledge_actions WHERE pledge_id = ? ORDER BY created_at, id').bind(pledgeId).all<Record<string, unknown>>()
      : { results: [] },
    db
      .prepare(
        // An update's subject, in the version its reader gets (Spanish when there is one and they read Spanish).
        `SELECT o.kind, CASE WHEN o.kind = 'update' THEN CASE WHEN ?3 = 'es' AND u.subject_es IS NOT NULL THEN u.subject_es ELSE u.subject_en END END AS subject,
           o.status, o.created_at, o.sent_at
         FROM email_outbox o LEFT JOIN updates u ON o.kind = 'update' AND u.id = o.ref
         WHERE o.pledge_id = ?1 OR (o.kind GLOB 'org-*' AND o.ref IN (SELECT value FROM json_each(?2)))
         ORDER BY o.created_at, o.id`,
      )
      .bind(pledgeId, JSON.stringify(orgIds), pledge ? String(pledge.language) : 'en')
      .all<Record<string, unknown>>(),
  ]);

  return {
    address: email,
    made_at: new Date().toISOString(),
    language,
    read_me: words.readMe,
    pledge: pledge ? readable(pledge, 'next_details', 'waiting_for_confirmation') : null,
    actions: actions.results,
    // Answers waiting beside a request, and an approved organization's change request (what its contact asked) waiting for review.
    organization_requests: organizations.map((o) => readable(readable(o, 'next_answers', 'waiting_for_confirmation'), 'change_asked', 'change_waiting_for_review')),
    emails: emails.results,
    suppressed: suppression ?? null,
    emails_counted: counted,
    test_emails: tests.results.map((t) => ({ subject: t.subject, language: t.language, sent_at: new Date(t.sent_at).toISOString() })),
    audit_log: audit.results,
    explained: words.explained,
  };
}

/** The row with its JSON column (`from`) parsed under a name a person understands (`to`); the internal id dropped. */
function readable(row: Record<string, unknown>, from: string, to: string): Record<string, unknown> {
  const { id: _id, [from]: json, ...rest } = row;
  let parsed: unknown = null;
  try {
    parsed = typeof json === 'string' ? JSON.parse(json) : null;
  } catch {
    parsed = json;
  }
  return { ...rest, [to]: parsed };
}

/**
 * Pledges kept for the same mailbox as `email` written another way (as `mailboxOf` reads it): with another
 * +tag or without one (`ana+rhec@x.org` for `ana@x.org`, and the other way round), and, where the
 * provider ignores them, other dots (`a.na@gmail.com`, `ana@googlemail.com`), or another of one provider's
 * domains (`ana@me.com` for `ana@icloud.com`). A person who writes
 * in from their plain address finds nothing by it, so the maintainer is told which addresses to
 * try. At most three; the dashboard only (a scan of one domain's pledges, for a rare request).
 */
export async function sameMailboxPledges(db: D1Database, email: string): Promise<string[]> {
  const at = email.lastIndexOf('@');
  if (at < 1) return [];
  const { domains, ignored } = mailboxDomains(email.slice(at + 1));
  const [a = '', b = '', c = ''] = ignored;
  const given = email.slice(0, at).toLowerCase();
  let local = given.split('+')[0] || given;
  for (const ignore of ignored) local = local.replaceAll(ignore, '');
  // Each stored address's local part, its +tag cut and the ignored characters dropped, compared in
  // SQL by value (not LIKE: D1 refuses a LIKE pattern as long as an address may be, "too complex").
  const { results } = await db
    .prepare(
      `WITH p AS (SELECT email, created_at, lower(substr(email, 1, instr(email, '@') - 1)) AS l
                    FROM pledges
                   WHERE status != 'withdrawn' AND email != ?1
                     AND lower(substr(email, instr(email, '@') + 1)) IN (SELECT value FROM json_each(?2)))
       SELECT email FROM p
        WHERE replace(replace(replace(CASE WHEN instr(l, '+') > 1 THEN substr(l, 1, instr(l, '+') - 1) ELSE l END, ?4, ''), ?5, ''), ?6, '') = ?3
        ORDER BY created_at LIMIT 3`,
    )
    .bind(email, JSON.stringify(domains), local, a, b, c)
    .all<{ email: string }>();
  return results.map((r) => r.email);
}
