/** Organizations in D1: intake, the contact's confirmation, maintainers' decisions, erasure, and the public list. */
import type { OrganizationRequest } from '../../src/organization-schema.ts';
import type { OrgStatus } from '../../src/organization-fields.ts';
import type { Lang } from '../../src/pledge-fields.ts';
import { sha256Hex } from '../platform/digest.ts';
import { normalizeWebsite, sameRegistrableDomain } from '../../src/organization-domain.ts';
import { QUOTA_WINDOW_DAYS } from '../pledges/abuse.ts';

/** An organization as stored. */
export interface OrganizationRow {
  id: string;
  partner_id: string | null;
  name: string;
  type: string;
  website: string;
  domain: string;
  region: string | null;
  size: string | null;
  contact_name: string | null;
  contact_email: string | null;
  contact_title: string | null;
  domain_verified: number;
  list_publicly: number;
  lang: string;
  status: OrgStatus;
  joins: string | null;
  /** 1: counted (and listed) on its own, not as its domain's earliest approved request; a maintainer's call. */
  apart: number;
  created_at: string;
  confirmed_at: string | null;
  decided_at: string | null;
  withdrawn_at: string | null;
  /** A withdrawn request's status before it was withdrawn (null for those withdrawn before this was kept, migration 0024). */
  withdrawn_from: Exclude<OrgStatus, 'withdrawn'> | null;
  /** 1: a maintainer removed it, rather than its contact withdrawing it. */
  removed: number;
  /** Newer answers waiting for the confirmation email that carries them (JSON; `storeOrganization`). */
  next_answers: string | null;
  /** An approved organization's change request awaiting review (JSON, `ChangeAsked`; migration 0029). */
  change_asked: string | null;
}

/** Statuses a request is still alive in: a later request for its domain joins it (the dashboard says which). */
export const ACTIVE_STATUSES: ReadonlySet<OrgStatus> = new Set(['unconfirmed', 'pending', 'approved']);
const ACTIVE = `(${[...ACTIVE_STATUSES].map((s) => `'${s}'`).join(', ')})`;
/** Confirmation emails a request can get in all (the first, and reminders when it is sent again). */
export const MAX_CONFIRM_EMAILS = 3;
/**
 * "Already a member" emails an approved organization's contact can get by asking again, in any
 * QUOTA_WINDOW_DAYS, counted over the last QUOTA_WINDOW_DAYS (the pledge emails' cap, by contrast, starts again that long after a mailbox's last email): a stranger who spends them cannot keep the contact
 * from a new link for good, only by spending them again every month.
 */
export const MAX_MEMBER_REMINDERS = 3;

/**
 * While the contact of organization `id` has had its MAX_MEMBER_REMINDERS "already a member" emails of
 * the last QUOTA_WINDOW_DAYS (sent or not: each counts, as for `storeOrganization`), when a request sent
 * again brings one again: QUOTA_WINDOW_DAYS after the oldest of those that count. Else null.
 */
export async function memberEmailsFreeAt(db: D1Database, id: string): Promise<string | null> {
  const windowStart = new Date(Date.now() - QUOTA_WINDOW_DAYS * 86_400_000).toISOString();
  const oldest = await db
    .prepare(`SELECT created_at FROM email_outbox WHERE kind = 'org-member' AND ref = ?1 AND created_at >= ?2 ORDER BY created_at DESC LIMIT 1 OFFSET ?3`)
    .bind(id, windowStart, MAX_MEMBER_REMINDERS - 1)
    .first<string>('created_at');
  return oldest ? new Date(Date.parse(oldest) + QUOTA_WINDOW_DAYS * 86_400_000).toISOString() : null;
}

export type StoreOutcome = { outboxId: string | null };

/**
 * Stores a request, or — when the same contact already asked for the same domain — sends
 * a reminder of the confirmation link (at most MAX_CONFIRM_EMAILS in all) and stores nothing;
 * when that request was approved, an email saying the organization has already joined, with a
 * new withdrawal link (the way to one after the old link expired; at most MAX_MEMBER_REMINDERS in any QUOTA_WINDOW_DAYS);
 * when it awaits review, nothing, or, if its answers differ, an email saying they were not applied.
 * A request for a domain that already has a live request joins that one for review.
 */
export async function storeOrganization(
  db: D1Database,
  org: OrganizationRequest,
  extra: { partnerId: string | null; domainVerified: boolean; lang: string },
  raced = false,
): Promise<StoreOutcome> {
  // With the emails of its kind it has had (`org-confirm` while unconfirmed, else `org-member`), in the
  // same read: every request, new or repeated, whatever its request's state, costs one read and one
  // batch that writes (the email's enqueue is the caller's, after the answer), so how long the answer
  // takes does not tell a stranger, by how much work it did, whether an address asked for a domain, how
  // far its request went, or what it answered. (Statements differ in what they write: a new request
  // inserts, a repeat updates; measured locally, a few ms apart against tens of ms before.)
  const windowStart = new Date(Date.now() - QUOTA_WINDOW_DAYS * 86_400_000).toISOString();
  const emails = (also: string) =>
    `(SELECT count(*) FROM email_outbox e WHERE e.kind = CASE o.status WHEN 'unconfirmed' THEN 'org-confirm' ELSE 'org-member' END AND e.ref = o.id${also})`;
  const same = await db
    .prepare(
      `SELECT id, status, name, type, website, region, size, contact_name, contact_title, list_publicly,
         ${emails('')} AS n, ${emails(' AND e.created_at >= ?3')} AS recent, ${emails(` AND e.status = 'queued' AND e.in_doubt_since IS NULL`)} AS waiting
       FROM organizations o WHERE domain = ?1 AND contact_email = ?2 AND status IN ${ACTIVE} ORDER BY created_at LIMIT 1`,
    )
    .bind(org.website.domain, org.contact.email, windowStart)
    .first<{ id: string; status: OrgStatus; n: number; recent: number; waiting: number } & OrgConfirming>();
  if (same) {
    // Confirmed and awaiting review: the same answers again bring nothing (there is nothing new to
    // say); other answers bring an email saying they were not applied (`org-member`, as once approved).
    // (A batch that rewrites its row all the same, unchanged: one round trip and one row written, as
    // every other request's, since a batch that writes nothing is answered sooner than one that does.)
    if (same.status === 'pending' && !answersNotApplied({ ...same, next_answers: nextAnswers(org) }).length) {
      await db.batch([db.prepare('UPDATE organizations SET next_answers = next_answers WHERE id = ?').bind(same.id)]);
      return { outboxId: null };
    }
    const kind = same.status === 'unconfirmed' ? 'org-confirm' : 'org-member';
    // The contact's latest request says which language they read now: its emails (this one, and the
    // decision's) follow it, not the language of their first request, but only once an email goes for
    // it: anyone who knows the contact's address and the domain can send the form, and one that brings
    // no email (past the cap, or cancelled at send: a suppressed address, a spent mailbox) must not
    // change what the contact's emails are written in. So it waits with the request's newer answers
    // (`next_answers`), and the email sent for them applies it once handed over (emails.ts).
    const n = same.n;
    // The first confirmation counts among its request's MAX_CONFIRM_EMAILS; "already a member" has its own.
    // Not while one of the same kind still waits to go, never handed over (a double click, the form sent
    // twice): it says what this one would, so one email goes, not two, as for pledges (pledges/store.ts).
    if (kind === 'org-member') {
      // The answers it was sent with, kept beside the confirmed ones (never applied): the email says
      // which differ, so a contact who meant a correction is not told "nothing to do", nor left waiting.
      // When no email will go for them (the contact has had MAX_MEMBER_REMINDERS in the last QUOTA_WINDOW_DAYS,
      // none waiting to go, which would say them), they are marked `unsent`: the dashboard's card then says no email gave a link for them.
      const capped = same.recent >= MAX_MEMBER_REMINDERS;
      const unsent = capped && !same.waiting;
      const answers = unsent ? JSON.stringify({ ...(JSON.parse(nextAnswers(org, extra.lang)) as object), unsent: true }) : nextAnswers(org, extra.lang);
      const asked = db.prepare(`UPDATE organizations SET next_answers = ?1 WHERE id = ?2 AND status IN ('pending', 'approved')`).bind(answers, same.id);
      if (capped || same.waiting > 0) {
        await db.batch([asked]);
        return { outboxId: null };
      }
      // Numbered by every one it has had (not only the last QUOTA_WINDOW_DAYS'), so each id is new.
      const outboxId = `org-member:${same.id}:${n + 1}`;
      await db.batch([asked, db.prepare(`INSERT OR IGNORE INTO email_outbox (id, kind, ref) VALUES (?, 'org-member', ?)`).bind(outboxId, same.id)]);
      return { outboxId };
    }
    // A request not yet confirmed takes the newest answers (a correction: listed publicly after all,
    // another size), but only with a confirmation email that goes for them (emails.ts applies them once
    // it is handed over, and drops them when it cannot go): never behind its contact's back. In one batch,
    // so no consumer claims the waiting email between the two: a new email when none waits unclaimed
    // (and the request has had fewer than MAX_CONFIRM_EMAILS), then the answers only while one does.
    const outboxId = `org-confirm:${same.id}:${n + 1}`;
    const unclaimed = `EXISTS (SELECT 1 FROM email_outbox WHERE kind = 'org-confirm' AND ref = ?2 AND status = 'queued' AND in_doubt_since IS NULL)`;
    const [queued] = await db.batch([
      db
        .prepare(
          `INSERT INTO email_outbox (id, kind, ref) SELECT ?1, 'org-confirm', ?2
           WHERE NOT ${unclaimed} AND (SELECT count(*) FROM email_outbox WHERE kind = 'org-confirm' AND ref = ?2) < ?3
           ON CONFLICT (id) DO NOTHING RETURNING id`,
        )
        .bind(outboxId, same.id, MAX_CONFIRM_EMAILS),
      // (Its row rewritten, unchanged, when no email waits: past the cap the batch still writes, as every other request's.)
      db.prepare(`UPDATE organizations SET next_answers = CASE WHEN ${unclaimed} THEN ?1 ELSE next_answers END WHERE id = ?2 AND status = 'unconfirmed'`).bind(nextAnswers(org, extra.lang), same.id),
    ]);
    return { outboxId: queued!.results.length ? outboxId : null };
  }

  // The same request sent again before this one is stored (a double click, a client's retry racing
  // the first) read no row above either: the insert checks again in its own statement, which SQLite
  // runs alone, so only one of them stores a request, and only its confirmation email is queued. The
  // other is then a repeat, and taken as one (its language, and any answers that differ, as above).
  const id = crypto.randomUUID();
  const outboxId = `org-confirm:${id}`;
  const [stored] = await db.batch([
    db
      .prepare(
        `INSERT INTO organizations (id, partner_id, name, type, website, domain, region, size, contact_name, contact_email,
           contact_title, domain_verified, list_publicly, lang, joins)
         SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14,
           (SELECT id FROM organizations WHERE domain = ?6 AND status IN ${ACTIVE} ORDER BY created_at, id LIMIT 1)
         WHERE NOT EXISTS (SELECT 1 FROM organizations WHERE domain = ?6 AND contact_email = ?10 AND status IN ${ACTIVE})
         RETURNING id`,
      )
      .bind(
        id,
        extra.partnerId,
        org.name,
        org.type,
        org.website.url,
        org.website.domain,
        org.region ?? null,
        org.size ?? null,
        org.contact.name,
        org.contact.email,
        org.contact.title ?? null,
        extra.domainVerified ? 1 : 0,
        org.listPublicly ? 1 : 0,
        extra.lang,
      ),
    db.prepare(`INSERT OR IGNORE INTO email_outbox (id, kind, ref) SELECT ?1, 'org-confirm', ?2 WHERE EXISTS (SELECT 1 FROM organizations WHERE id = ?2)`).bind(outboxId, id),
  ]);
  if (stored!.results.length) return { outboxId };
  return raced ? { outboxId: null } : storeOrganization(db, org, extra, true);
}

/**
 * A request's answers as `next_answers` keeps them (the columns they replace), with when they came,
 * and the language it was sent in (the email sent for them is written in it, and applies it: emails.ts).
 */
function nextAnswers(org: OrganizationRequest, lang?: string): string {
  return JSON.stringify({
    name: org.name,
    type: org.type,
    website: org.website.url,
    region: org.region ?? null,
    size: org.size ?? null,
    contact_name: org.contact.name,
    contact_title: org.contact.title ?? null,
    list_publicly: org.listPublicly ? 1 : 0,
    ...(lang ? { lang } : {}),
    received_at: new Date().toISOString(),
  });
}

/**
 * The newer answers waiting beside an unconfirmed request (`storeOrganization`), as its confirmation
 * email goes (`apply`) or cannot go (`drop`): only those read when that email was composed (`at`, their
 * `received_at`), so newer ones stored meanwhile wait for their own email.
 */
export function settleNextAnswers(db: D1Database, id: string, at: string, apply: boolean): D1PreparedStatement {
  // (Every SET reads the row as it was, next_answers included.)
  const set = apply
    ? `name = next_answers ->> 'name', type = next_answers ->> 'type', website = next_answers ->> 'website',
       region = next_answers ->> 'region', size = next_answers ->> 'size', contact_name = next_answers ->> 'contact_name',
       contact_title = next_answers ->> 'contact_title', list_publicly = next_answers ->> 'list_publicly',
       lang = coalesce(next_answers ->> 'lang', lang), `
    : '';
  return db
    .prepare(`UPDATE organizations SET ${set}next_answers = NULL WHERE id = ? AND status = 'unconfirmed' AND next_answers ->> 'received_at' = ?`)
    .bind(id, at);
}

/**
 * The language of the newer answers waiting beside a confirmed request (awaiting review, or approved),
 * as the "already a member" email sent for them is handed over: only those read when it was composed
 * (`at`, their `received_at`). The answers stay, unapplied, for the dashboard and `/join/change`.
 */
/**
 * A status change that drops a request's newer answers (its contact confirms by an earlier link, a
 * maintainer decides) keeps the language they came in while an email sent for them is still queued:
 * that email and the decision's are then written in it, as once it is handed over (`settleNextAnswers`,
 * `settleMemberLang`). Not for answers no email went for (`unsent`). For an UPDATE's SET, read with the row
 * as it was.
 */
const LANG_OF_WAITING_EMAIL = `lang = CASE WHEN next_answers ->> 'unsent' IS NULL AND EXISTS (SELECT 1 FROM email_outbox e
    WHERE e.ref = organizations.id AND e.kind IN ('org-confirm', 'org-member') AND e.status = 'queued')
  THEN coalesce(next_answers ->> 'lang', lang) ELSE lang END`;

export function settleMemberLang(db: D1Database, id: string, at: string): D1PreparedStatement {
  return db
    .prepare(`UPDATE organizations SET lang = coalesce(next_answers ->> 'lang', lang) WHERE id = ? AND status IN ('pending', 'approved') AND next_answers ->> 'received_at' = ?`)
    .bind(id, at);
}

/** What the confirmation page shows of a request (pages.ts, orgLinkFormPage). */
export type OrgConfirming = Pick<OrganizationRow, 'name' | 'type' | 'website' | 'region' | 'size' | 'contact_name' | 'contact_title' | 'list_publicly'>;

/**
 * A digest of the answers the confirmation page shows, sent back with its button: a request changed
 * since the page was opened (a correction whose email went meanwhile) is shown again, not confirmed unseen.
 */
export async function answersDigest(org: OrgConfirming): Promise<string> {
  return sha256Hex(JSON.stringify(shownAnswers(org)), 12);
}

/** The answers `answersDigest` covers, in its order. */
export const DIGESTED_ANSWERS = ['name', 'type', 'website', 'region', 'size', 'contact_name', 'contact_title', 'list_publicly'] as const;
export type DigestedAnswer = (typeof DIGESTED_ANSWERS)[number];

const shownAnswers = (org: OrgConfirming) => [org.name, org.type, org.website, org.region, org.size, org.contact_name, org.contact_title, Number(org.list_publicly)];

/**
 * A short digest of each answer `answersDigest` covers ('.'-joined, in DIGESTED_ANSWERS order): sent
 * back beside it by the review page's Approve, so a refusal can name what changed. `answersDigest`
 * alone decides whether anything did; these only say which.
 */
export async function eachAnswerDigest(org: OrgConfirming): Promise<string> {
  const values = shownAnswers(org);
  return (await Promise.all(DIGESTED_ANSWERS.map((name, i) => sha256Hex(JSON.stringify([name, values[i]]), 4)))).join('.');
}

/**
 * The answers of `org` that differ from those a page showed (`shown`: its `eachAnswerDigest`); none
 * when `shown` is not one (missing, as from a page of an earlier release, or malformed).
 */
export async function changedAnswers(org: OrgConfirming, shown: unknown): Promise<DigestedAnswer[]> {
  const then = typeof shown === 'string' ? shown.split('.') : [];
  if (then.length !== DIGESTED_ANSWERS.length || !then.every((d) => /^[0-9a-f]{8}$/.test(d))) return [];
  const now = (await eachAnswerDigest(org)).split('.');
  return DIGESTED_ANSWERS.filter((_, i) => now[i] !== then[i]);
}

/**
 * The answers in which the latest request from the contact of a confirmed request (awaiting review,
 * or approved) differs from the one confirmed (`next_answers`, kept by storeOrganization and never applied).
 */
export function answersNotApplied(org: OrgConfirming & Pick<OrganizationRow, 'status' | 'next_answers'>): DigestedAnswer[] {
  if ((org.status !== 'approved' && org.status !== 'pending') || !org.next_answers) return [];
  const asked = JSON.parse(org.next_answers) as Record<DigestedAnswer, unknown>;
  const approved = shownAnswers(org);
  return DIGESTED_ANSWERS.filter((name, i) => JSON.stringify(name === 'list_publicly' ? Number(asked[name]) : (asked[name] ?? null)) !== JSON.stringify(approved[i] ?? null));
}

/**
 * Of the answers not applied (`answersNotApplied`), those an approved organization's contact may apply
 * themselves through the `org-member` email's link (`/join/change`), without a maintainer's review:
 * those that change nothing the public sees (the number of radiologists, the contact's own name and
 * title) or make the organization less public (no longer listed by name). A new name, type, website or
 * region, or being listed again, changes what the public list shows: those still wait for review.
 */
export function answersSelfApplied(org: OrgConfirming & Pick<OrganizationRow, 'status' | 'next_answers'>): DigestedAnswer[] {
  if (org.status !== 'approved') return [];
  return answersNotApplied(org).filter((a) => a === 'size' || a === 'contact_name' || a === 'contact_title' || (a === 'list_publicly' && Number(org.list_publicly) === 1));
}

/** Whether no email went for the answers waiting beside a confirmed request (`storeOrganization`'s `unsent`). */
export function answersUnsent(org: Pick<OrganizationRow, 'next_answers'>): boolean {
  return Boolean(org.next_answers) && (JSON.parse(org.next_answers!) as { unsent?: boolean }).unsent === true;
}

/**
 * A digest of the answers waiting beside a request, sent back by `/join/change`'s button: newer ones are shown first, never applied unseen.
 * With a change request waiting, it covers that too: one decided (or asked) after the page was shown changes what the answers
 * apply (approved, it may list the organization by name, which these answers then unlist) and what the page said of it, so
 * the page is shown again first. (Without one, the digest is the answers' alone, as before: a page already open stays good.)
 */
export async function nextAnswersDigest(org: Pick<OrganizationRow, 'next_answers' | 'change_asked'>): Promise<string> {
  return sha256Hex(org.change_asked ? JSON.stringify([org.next_answers, org.change_asked]) : (org.next_answers ?? ''), 12);
}

export type ChangeResult = 'changed' | 'none' | 'stale';

/**
 * Of the answers not applied, those that would change what the public sees (a new name, type,
 * website or region, or being listed by name again): an approved organization's contact asks for them
 * through `/join/change`, and they wait, as a change request (`change_asked`), for a maintainer's review.
 */
export function answersForReview(org: OrgConfirming & Pick<OrganizationRow, 'status' | 'next_answers'>): DigestedAnswer[] {
  if (org.status !== 'approved') return [];
  const self = answersSelfApplied(org);
  return answersNotApplied(org).filter((a) => !self.includes(a));
}

/** The details a change request may ask for, in the order the card shows them. */
export const REVIEWED_ANSWERS = ['name', 'type', 'website', 'region', 'list_publicly'] as const;
export type ReviewedAnswer = (typeof REVIEWED_ANSWERS)[number];

/** A change request as `change_asked` keeps it: only the details asked; `domain` beside a new website. */
export interface ChangeAsked {
  asked: Partial<Record<ReviewedAnswer | 'domain', string | number | null>>;
  asked_at: string;
  /** The `asked_at` of an earlier request, still pending, that this one replaced. */
  replaces: string | null;
}

export function changeAsked(org: Pick<OrganizationRow, 'change_asked'>): ChangeAsked | null {
  return org.change_asked ? (JSON.parse(org.change_asked) as ChangeAsked) : null;
}

/** A digest of the change request a dashboard card showed, sent back by its buttons: a newer request is never decided unseen. */
export async function changeAskedDigest(org: Pick<OrganizationRow, 'change_asked'>): Promise<string> {
  return sha256Hex(org.change_asked ?? '', 12);
}

/**
 * The contact applies the answers `answersSelfApplied` allows, from the waiting answers whose digest
 * their page showed (`shown`), and asks for the others (`answersForReview`) as a change request that
 * waits for a maintainer (replacing one still pending, or dropping it when they ask for nothing to
 * review: the newest answers stand). In one statement,
 * guarded by the exact answers and change request read, so answers that arrive meanwhile, or a decision on
 * the request waiting, are not applied unseen (`stale`);
 * pressed again, nothing is left (`none`). Membership, its date, its status and what the public sees
 * are untouched (`asked`: a change request now waits). What it applied is confirmed to the contact by
 * one email (`outboxId`, kind `org-changed`), queued in the same batch; `lang`: the press's language,
 * which becomes the contact's.
 */
export async function applyContactChanges(
  db: D1Database,
  id: string,
  shown: unknown,
  lang?: Lang,
): Promise<{ result: ChangeResult; unlisted: boolean; asked: boolean; outboxId: string | null }> {
  const none = { result: 'none', unlisted: false, asked: false, outboxId: null } as const;
  const org = await findOrganization(db, id);
  // Answers no email went for (`unsent`: sent past the cap, by anyone who knows the contact's address and
  // the domain) are never applied by a link an earlier email gave: as a pledge's newer details wait for theirs.
  if (!org || org.status !== 'approved' || !org.next_answers || answersUnsent(org)) return none;
  if (shown !== (await nextAnswersDigest(org))) return { ...none, result: 'stale' };
  const apply = answersSelfApplied(org);
  const review = answersForReview(org);
  if (!apply.length && !review.length) return none;
  const asked = JSON.parse(org.next_answers) as Record<string, unknown>;
  const sets = apply.map((a) => `${a} = ?`);
  const values: (string | number | null)[] = apply.map((a) => (a === 'list_publicly' ? 0 : ((asked[a] as string | null | undefined) ?? null)));
  if (review.length) {
    const change: ChangeAsked = {
      asked: Object.fromEntries(
        review.flatMap((a): [string, string | number | null][] =>
          a === 'list_publicly'
            ? [[a, 1]]
            : a === 'website'
              ? [[a, asked.website as string], ['domain', normalizeWebsite(asked.website as string)?.domain ?? org.domain]]
              : [[a, (asked[a] as string | null | undefined) ?? null]],
        ),
      ),
      asked_at: new Date().toISOString(),
      replaces: changeAsked(org)?.asked_at ?? null,
    };
    sets.push('change_asked = ?');
    values.push(JSON.stringify(change));
  } else if (org.change_asked) {
    // The newest answers ask for nothing to review: a request still pending from older ones (being
    // listed again, say, when these say not listed) no longer stands, and is dropped, never approved later.
    sets.push('change_asked = NULL');
  }
  // The press proves the mailbox, as the confirmation link's press does (a GET, which a mail scanner may open, does not):
  // for an organization approved before its contact confirmed, it is confirmed now, and the emails after greet them by name.
  sets.push('confirmed_at = coalesce(confirmed_at, ?)');
  values.push(new Date().toISOString());
  // The press's language is the contact's now: the email confirming it, and the review's, are written in it.
  if (lang) {
    sets.push('lang = ?');
    values.push(lang);
  }
  // What was applied is confirmed to the contact by one email (`org-changed`), queued in the same batch and
  // guarded by the same answers, under an id of its own (the organization, the answers applied, when they
  // came): a second press, or a redelivered message, sends nothing more. Only what changed is named in it.
  const outboxId = apply.length ? `org-changed:${id}:${apply.join('+')}:${String(asked.received_at ?? '')}` : null;
  const update = db
    .prepare(`UPDATE organizations SET ${sets.join(', ')}, next_answers = NULL WHERE id = ? AND status = 'approved' AND next_answers = ? AND change_asked IS ? RETURNING id`)
    .bind(...values, id, org.next_answers, org.change_asked);
  const queue = outboxId
    ? [
        db
          .prepare(
            `INSERT INTO email_outbox (id, kind, ref) SELECT ?1, 'org-changed', ?2
             WHERE EXISTS (SELECT 1 FROM organizations WHERE id = ?2 AND status = 'approved' AND next_answers = ?3 AND change_asked IS ?4 AND contact_email IS NOT NULL)
             ON CONFLICT (id) DO NOTHING`,
          )
          .bind(outboxId, id, org.next_answers, org.change_asked),
      ]
    : [];
  const results = await db.batch([...queue, update]);
  if (!results[results.length - 1]?.results.length) return { ...none, result: 'stale' };
  return { result: 'changed', unlisted: apply.includes('list_publicly'), asked: review.length > 0, outboxId };
}

/** The answers an `org-changed` email confirms, from its outbox id (`applyContactChanges`). */
export function appliedAnswers(outboxId: string): DigestedAnswer[] {
  const names = outboxId.split(':')[2] ?? '';
  return DIGESTED_ANSWERS.filter((a) => names.split('+').includes(a));
}

export type ChangeReview = 'approved' | 'declined' | 'stale' | 'none';

/**
 * A maintainer approves (its details become the organization's, membership and its date kept) or
 * declines an approved organization's change request. `shown`: the digest of the request the card
 * showed (`changeAskedDigest`); a newer one since is `stale`, decided on nothing. None waiting (decided
 * already, withdrawn), when read or by the time it is written: `none`. Either way the contact is emailed once, queued in the same batch under
 * an id of its own (the kind, the organization, when it was asked), so deciding again sends nothing.
 */
export async function reviewChange(db: D1Database, id: string, decision: Decision, shown?: unknown): Promise<{ result: ChangeReview; outboxId: string | null }> {
  const org = await findOrganization(db, id);
  const change = org?.status === 'approved' ? changeAsked(org) : null;
  if (!org || !change) return { result: 'none', outboxId: null };
  if (shown !== undefined && shown !== (await changeAskedDigest(org))) return { result: 'stale', outboxId: null };
  const kind = decision === 'approve' ? 'org-change-approved' : 'org-change-declined';
  const outboxId = `${kind}:${id}:${change.asked_at}`;
  const sets: string[] = [];
  const values: (string | number | null)[] = [];
  if (decision === 'approve') {
    for (const [k, v] of Object.entries(change.asked)) {
      sets.push(`${k} = ?`);
      values.push(v ?? null);
    }
    // A new website: verified again against the contact's address, as a request is.
    if (typeof change.asked.domain === 'string') {
      sets.push('domain_verified = ?');
      values.push(org.contact_email && sameRegistrableDomain(org.contact_email, change.asked.domain) ? 1 : 0);
    }
  }
  const [, updated] = await db.batch([
    db
      .prepare(
        `INSERT INTO email_outbox (id, kind, ref) SELECT ?1, ?2, ?3
         WHERE EXISTS (SELECT 1 FROM organizations WHERE id = ?3 AND status = 'approved' AND change_asked = ?4 AND contact_email IS NOT NULL)
         ON CONFLICT (id) DO NOTHING`,
      )
      .bind(outboxId, kind, id, org.change_asked),
    db
      .prepare(`UPDATE organizations SET ${[...sets, 'change_asked = NULL'].join(', ')} WHERE id = ? AND status = 'approved' AND change_asked = ? RETURNING id`)
      .bind(...values, id, org.change_asked),
  ]);
  if (!updated?.results.length) {
    // Not applied: the request changed after it was read. A newer one from its contact is `stale`; none left
    // (the organization withdrawn, removed or declined meanwhile, or the request decided by someone else) is `none`.
    const now = await findOrganization(db, id);
    return { result: now?.status === 'approved' && now.change_asked ? 'stale' : 'none', outboxId: null };
  }
  return { result: decision === 'approve' ? 'approved' : 'declined', outboxId: org.contact_email ? outboxId : null };
}

/** Whether sending the form again would still bring a new confirmation email (and the answers with it). */
export async function confirmationsLeft(db: D1Database, id: string): Promise<boolean> {
  const row = await db.prepare(`SELECT count(*) AS n FROM email_outbox WHERE kind = 'org-confirm' AND ref = ?`).bind(id).first<{ n: number }>();
  return (row?.n ?? 0) < MAX_CONFIRM_EMAILS;
}

export async function findOrganization(db: D1Database, id: string): Promise<OrganizationRow | null> {
  return db.prepare('SELECT * FROM organizations WHERE id = ?').bind(id).first<OrganizationRow>();
}

export type OrgConfirmResult = 'confirmed' | 'already-confirmed' | 'approved' | 'declined' | 'gone';

/**
 * The contact confirms the request: unconfirmed → pending (awaiting a maintainer). A request a
 * maintainer already decided keeps its decision, records that its contact's address is proven,
 * and the contact is told the decision rather than to wait for a review that has happened.
 */
export async function confirmOrganization(db: D1Database, id: string): Promise<OrgConfirmResult> {
  const at = new Date().toISOString();
  const done = await db
    .prepare(`UPDATE organizations SET status = 'pending', confirmed_at = ?, ${LANG_OF_WAITING_EMAIL}, next_answers = NULL WHERE id = ? AND status = 'unconfirmed' RETURNING id`)
    .bind(at, id)
    .first();
  if (done) return 'confirmed';
  const row = await db
    .prepare(`UPDATE organizations SET confirmed_at = coalesce(confirmed_at, ?) WHERE id = ? AND status != 'withdrawn' RETURNING status`)
    .bind(at, id)
    .first<{ status: OrgStatus }>();
  if (!row) return 'gone';
  return row.status === 'approved' ? 'approved' : row.status === 'declined' ? 'declined' : 'already-confirmed';
}

export type Decision = 'approve' | 'decline';

/**
 * A maintainer's decision. Each decision that changes the status queues its email once, under
 * an outbox id of its own (the kind, the organization, the moment decided), so deciding the
 * same again sends nothing more, while deciding back after the other decision's email went
 * (approved, declined, approved) tells the contact the decision that now stands. The news of a
 * decline goes only to a contact who confirmed (an address never proven may not be the
 * requester's: it gets nothing it did not ask for). A decision cancels the other's email while it
 * waits (or the consumer, finding the decision changed, cancels it as `not_approved` /
 * `not_declined`). Null when there is no such organization to decide on (unknown, or withdrawn
 * and erased).
 */
export async function decideOrganization(db: D1Database, id: string, decision: Decision): Promise<{ outboxId: string | null } | null> {
  const status = decision === 'approve' ? 'approved' : 'declined';
  const at = new Date().toISOString();
  const kinds = { approve: 'org-approved', decline: 'org-declined' } as const;
  const other: Decision = decision === 'approve' ? 'decline' : 'approve';
  const [update, queued] = await db.batch([
    db
      .prepare(
        `UPDATE organizations SET status = ?2, decided_at = CASE WHEN status = ?2 THEN decided_at ELSE ?3 END, ${LANG_OF_WAITING_EMAIL}, next_answers = NULL,
           change_asked = CASE WHEN ?2 = 'approved' THEN change_asked END
         WHERE id = ?1 AND status != 'withdrawn' RETURNING id`,
      )
      .bind(id, status, at),
    db
      .prepare(
        `INSERT INTO email_outbox (id, kind, ref)
         SELECT ?1 || ':' || id || ':' || decided_at, ?1, id FROM organizations WHERE id = ?2 AND status = ?3 AND contact_email IS NOT NULL
           AND (?3 = 'approved' OR confirmed_at IS NOT NULL)
         ON CONFLICT (id) DO NOTHING RETURNING id`,
      )
      .bind(kinds[decision], id, status),
    // The other decision's email, while it waits: also one a consumer has claimed but not yet begun to hand over (see send-outbox.ts).
    db
      .prepare(
        `UPDATE email_outbox SET status = 'cancelled', last_error = ?3, updated_at = ?2
         WHERE ref = ?1 AND kind = ?4 AND (status = 'queued' OR (status = 'sending' AND sent_at IS NULL))`,
      )
      .bind(id, at, status, kinds[other]),
  ]);
  if (!update?.results.length) return null;
  return { outboxId: (queued?.results[0] as { id: string } | undefined)?.id ?? null };
}

/** A declined request keeps its contact's name and address this long after the decision, then only the organization's record. */
export const DECLINED_ORG_RETENTION_DAYS = 30;

/** Erases the contact of every request declined more than DECLINED_ORG_RETENTION_DAYS ago (the Cron). */
export async function eraseDeclinedContacts(db: D1Database, now = Date.now()): Promise<void> {
  const cutoff = new Date(now - DECLINED_ORG_RETENTION_DAYS * 86_400_000).toISOString();
  await db
    .prepare(
      `UPDATE organizations SET contact_name = NULL, contact_email = NULL, contact_title = NULL, next_answers = NULL
       WHERE status = 'declined' AND decided_at < ? AND contact_email IS NOT NULL`,
    )
    .bind(cutoff)
    .run();
}

/**
 * Withdrawal (by the contact) or removal (by a maintainer): the organization stops counting
 * and being listed, and its contact's personal data is erased at once; emails still waiting
 * are cancelled. The name, type and website stay, as a record of the organization, with what it
 * was and who ended it (so its links, opened again, say what happened). False when there was
 * nothing to withdraw.
 */
export async function withdrawOrganization(db: D1Database, id: string, by: 'contact' | 'maintainer' = 'contact'): Promise<boolean> {
  const at = new Date().toISOString();
  const [, update] = await db.batch([
    db
      .prepare(`UPDATE email_outbox SET status = 'cancelled', last_error = 'withdrawn', updated_at = ?2 WHERE ref = ?1 AND kind GLOB 'org-*' AND status IN ('queued', 'sending')`)
      .bind(id, at),
    db
      .prepare(
        `UPDATE organizations SET status = 'withdrawn', withdrawn_from = status, removed = ?3, withdrawn_at = ?2, contact_name = NULL,
           contact_email = NULL, contact_title = NULL, list_publicly = 0, next_answers = NULL, change_asked = NULL
         WHERE id = ?1 AND status != 'withdrawn' RETURNING id`,
      )
      .bind(id, at, by === 'maintainer' ? 1 : 0),
  ]);
  return Boolean(update?.results.length);
}

/**
 * Whether another approved request for this one's website (registrable domain) still counts the
 * organization without this one: `listed` when the request that then counts it (the earliest of the
 * others, as APPROVED_ONCE takes it) lists it publicly (so anyone can see it is still there),
 * `unlisted` when it is counted only (a later request's wish to be listed does not list it), and
 * null when none does.
 */
export async function stillCountedThroughAnother(db: D1Database, id: string): Promise<'listed' | 'unlisted' | null> {
  const row = await db
    .prepare(
      `SELECT o.list_publicly AS listed FROM organizations o JOIN organizations me ON me.id = ?1 AND me.domain = o.domain AND me.apart = 0
       WHERE o.id != ?1 AND o.status = 'approved' AND o.apart = 0
       ORDER BY o.created_at, o.id LIMIT 1`,
    )
    .bind(id)
    .first<{ listed: number }>();
  return row == null ? null : row.listed ? 'listed' : 'unlisted';
}

/**
 * A maintainer counts a request as an organization of its own (`apart`), or with its domain's
 * other requests again. False when there is no such request to change (unknown, or withdrawn).
 */
export async function countApart(db: D1Database, id: string, apart: boolean): Promise<boolean> {
  const row = await db
    .prepare(`UPDATE organizations SET apart = ?2 WHERE id = ?1 AND status != 'withdrawn' RETURNING id`)
    .bind(id, apart ? 1 : 0)
    .first();
  return row !== null;
}

/**
 * The names of the requests (not withdrawn) whose contact is this address (stored as the schema leaves
 * it: trimmed, lower case), oldest first: a pledger's erase request reaches their pledge, not these.
 */
export async function requestsWithContact(db: D1Database, email: string): Promise<string[]> {
  const { results } = await db
    .prepare(`SELECT name FROM organizations WHERE contact_email = ? AND status != 'withdrawn' ORDER BY created_at, id`)
    .bind(email)
    .all<{ name: string }>();
  return results.map((r) => r.name);
}

/** Requests never confirmed are erased after this many days, as unconfirmed pledges are. */
export const UNCONFIRMED_ORG_RETENTION_DAYS = 30;

export async function eraseUnconfirmedOrganizations(db: D1Database, now = Date.now()): Promise<void> {
  const cutoff = new Date(now - UNCONFIRMED_ORG_RETENTION_DAYS * 86_400_000).toISOString();
  const stale = `SELECT id FROM organizations WHERE status = 'unconfirmed' AND created_at < ?1`;
  await db.batch([
    db.prepare(`DELETE FROM email_outbox WHERE kind GLOB 'org-*' AND ref IN (${stale})`).bind(cutoff),
    db.prepare(`UPDATE organizations SET joins = NULL WHERE joins IN (${stale})`).bind(cutoff),
    db.prepare(`DELETE FROM organizations WHERE status = 'unconfirmed' AND created_at < ?1`).bind(cutoff),
  ]);
}

/**
 * Approved organizations, one per registrable domain (its earliest approved request), and each
 * one a maintainer counts apart (another organization on a shared domain): what counts and may be
 * listed. A domain's later requests never count or list it twice.
 */
const APPROVED_ONCE = `o.status = 'approved' AND (o.apart = 1 OR NOT EXISTS (
  SELECT 1 FROM organizations e WHERE e.domain = o.domain AND e.status = 'approved' AND e.apart = 0
    AND (e.created_at < o.created_at OR (e.created_at = o.created_at AND e.id < o.id))))`;

/**
 * The approved request that counts for this one's domain (the earliest), when it is another:
 * this organization is then counted, and listed or not, through that one.
 */
export async function countedThrough(db: D1Database, id: string): Promise<{ id: string; list_publicly: number } | null> {
  return db
    .prepare(
      `SELECT o.id, o.list_publicly FROM organizations o JOIN organizations me ON me.id = ?1 AND me.domain = o.domain AND me.apart = 0
       WHERE ${APPROVED_ONCE} AND o.apart = 0 AND o.id != ?1`,
    )
    .bind(id)
    .first<{ id: string; list_publicly: number }>();
}

export async function approvedOrganizationCount(db: D1Database): Promise<number> {
  const row = await db.prepare(`SELECT count(*) AS n FROM organizations o WHERE ${APPROVED_ONCE}`).first<{ n: number }>();
  return row?.n ?? 0;
}

/** What the public may see of a listed organization: never its contact. */
export interface PublicOrganization {
  name: string;
  type: string;
  website: string;
  region: string | null;
  joined: string;
}

/**
 * Names in the order people read them in `lang` (an accented first letter with its letter, not after Z as
 * SQLite's NOCASE, which folds ASCII only, puts it; ñ after n in Spanish), case and accents breaking ties
 * the SQL left (its id order for the rest). Made once per isolate and language: a collator is slow to make.
 */
const collators = new Map<Lang, Intl.Collator>();
function byName(lang: Lang): (a: { name: string }, b: { name: string }) => number {
  let collator = collators.get(lang);
  if (!collator) collators.set(lang, (collator = new Intl.Collator(lang, { numeric: true })));
  return (a, b) => collator.compare(a.name, b.name);
}

/** The approved count and the listed organizations, by name as `lang` reads them (the API: English). */
export async function publicOrganizations(db: D1Database, lang: Lang = 'en'): Promise<{ total: number; organizations: PublicOrganization[] }> {
  const [count, list] = await db.batch<Record<string, unknown>>([
    db.prepare(`SELECT count(*) AS n FROM organizations o WHERE ${APPROVED_ONCE}`),
    db.prepare(
      `SELECT o.name, o.type, o.website, o.region, substr(o.decided_at, 1, 10) AS joined
       FROM organizations o WHERE ${APPROVED_ONCE} AND o.list_publicly = 1
       ORDER BY o.name COLLATE NOCASE, o.id`,
    ),
  ]);
  return {
    total: Number(count?.results[0]?.n ?? 0),
    organizations: ((list?.results ?? []) as unknown as PublicOrganization[]).sort(byName(lang)),
  };
}

/** Every organization, for maintainers: awaiting review first, each domain's requests together. */
export async function allOrganizations(db: D1Database): Promise<OrganizationRow[]> {
  const { results } = await db
    .prepare(
      `SELECT * FROM organizations
       ORDER BY CASE status WHEN 'pending' THEN 0 WHEN 'unconfirmed' THEN 1 WHEN 'approved' THEN 2 WHEN 'declined' THEN 3 ELSE 4 END,
         created_at DESC, id`,
    )
    .all<OrganizationRow>();
  return results;
}

/** Who ended a withdrawn request: its contact, through the email's link, or a maintainer's "Remove". */
export function withdrawnBy(o: Pick<OrganizationRow, 'removed' | 'withdrawn_from'>): 'contact' | 'maintainers' | 'unknown' {
  return o.removed ? 'maintainers' : o.withdrawn_from ? 'contact' : 'unknown';
}
