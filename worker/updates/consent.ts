/**
 * Who may be emailed, and for what: one check for every capability that writes to pledgers
 * (updates here; check-ins and recommitment emails later). A person who withdrew is never
 * written to; a suppressed address (hard bounce, spam complaint) gets nothing at all; updates
 * and other news go only to confirmed pledgers who asked to be kept informed.
 */
import { mailboxOf } from '../pledges/abuse.ts';
import { keyedHash } from '../platform/tokens.ts';

/** `transactional`: the pledge's own emails (confirmation). `update`: news the pledger opted into. */
export type EmailPurpose = 'transactional' | 'update';

export type SuppressionReason = 'bounce' | 'complaint' | 'manual';

export interface Recipient {
  id: string;
  partner_id: string;
  name: string;
  email: string;
  lang: string;
  role: string;
  status: string;
  updates: number;
  /** 1: updates were asked for on the preferences page, not when pledging. */
  updates_later: number;
  /** 1: pledged on the coalition's own page, not on the society's site. */
  hosted: number;
  flagged: number;
}

export type MayEmail = { ok: true; pledge: Recipient } | { ok: false; skip: 'withdrawn' | 'unconfirmed' | 'unsubscribed' | 'suppressed' };

/**
 * The suppression list's key for an address: an HMAC of its mailbox (`+tags`, what Gmail and Proton ignore, Fastmail's subdomains,
 * Apple's me.com and mac.com folded, as the per-mailbox email cap folds them), so the list holds no address, and a person who
 * complained is not written to again through `name+x@` either.
 */
export function addressHash(env: Env, email: string): Promise<string> {
  return keyedHash(env, 'suppression', mailboxOf(email));
}

/**
 * The mailbox as mailboxOf folded it before Proton Mail, Fastmail and Apple's domains were folded too (only the
 * `+tag` and Gmail's dots): the key of suppressions recorded then, which must still hold.
 */
function earlierMailboxOf(exact: string): string {
  const at = exact.lastIndexOf('@');
  if (at < 0) return exact;
  const domain = exact.slice(at + 1).trim();
  const local = exact.slice(0, at).trim().split('+')[0] || exact.slice(0, at).trim();
  return domain === 'gmail.com' || domain === 'googlemail.com' ? mailboxOf(exact) : `${local}@${domain}`;
}

/**
 * Every key an address may be listed under: its mailbox's, its mailbox's as folded before Proton
 * Mail, Fastmail and Apple's domains were (earlierMailboxOf), and the exact address's (the key of suppressions
 * recorded before mailboxes were folded at all), each once.
 */
export async function addressHashes(env: Env, email: string): Promise<string[]> {
  const exact = email.trim().toLowerCase();
  const folded = mailboxOf(email);
  return Promise.all([...new Set([folded, earlierMailboxOf(exact), exact])].map((a) => keyedHash(env, 'suppression', a)));
}

/** Why and since when an address is on the suppression list (under any key it may be listed by: addressHashes), or null. */
export async function suppressionOf(env: Env, email: string): Promise<{ reason: SuppressionReason; since: string } | null> {
  return env.DB.prepare('SELECT reason, created_at AS since FROM email_suppressions WHERE address_hash IN (SELECT value FROM json_each(?)) ORDER BY created_at LIMIT 1')
    .bind(JSON.stringify(await addressHashes(env, email)))
    .first<{ reason: SuppressionReason; since: string }>();
}

export async function isSuppressed(env: Env, email: string): Promise<boolean> {
  return (await suppressedAmong(env, [email])).has(email);
}

/** The addresses among `emails` that are suppressed: one query for a whole batch of emails. */
export async function suppressedAmong(env: Env, emails: readonly string[]): Promise<Set<string>> {
  if (!emails.length) return new Set();
  const hashes = await Promise.all(emails.map((e) => addressHashes(env, e)));
  const { results } = await env.DB.prepare('SELECT address_hash FROM email_suppressions WHERE address_hash IN (SELECT value FROM json_each(?))')
    .bind(JSON.stringify([...new Set(hashes.flat())]))
    .all<{ address_hash: string }>();
  const hit = new Set(results.map((r) => r.address_hash));
  return new Set(emails.filter((_, i) => hashes[i]!.some((h) => hit.has(h))));
}

/**
 * The addresses among `emails` on the suppression list, for a whole export: the list (small: bounces,
 * complaints, manual) is read once; while it is empty nothing is hashed, else every distinct address is,
 * a thousand at a time.
 */
export async function suppressedInExport(env: Env, emails: readonly string[]): Promise<Set<string>> {
  const { results } = await env.DB.prepare('SELECT address_hash FROM email_suppressions').all<{ address_hash: string }>();
  if (!results.length) return new Set();
  const listed = new Set(results.map((r) => r.address_hash));
  const distinct = [...new Set(emails)];
  const hit = new Set<string>();
  // A thousand at a time, each chunk's hashes asked for together rather than awaited one by one.
  for (let i = 0; i < distinct.length; i += 1000) {
    const chunk = distinct.slice(i, i + 1000);
    const hashes = await Promise.all(chunk.map((email) => addressHashes(env, email)));
    chunk.forEach((email, j) => {
      if (hashes[j]!.some((h) => listed.has(h))) hit.add(email);
    });
  }
  return hit;
}

/**
 * Adds an address to the suppression list (a second report keeps the first). Returns whether it is new.
 * Its emails still waiting are cancelled at once, including any a consumer has claimed and composed
 * but not yet begun to hand over (the check when an email is composed has already passed for those):
 * nothing more goes to an address that bounced or complained. What waited for those emails goes too.
 */
export async function suppress(env: Env, email: string, reason: SuppressionReason, source: string): Promise<boolean> {
  const [res] = await env.DB.batch(await suppression(env, email, reason, source));
  return res!.meta.changes > 0;
}

/**
 * suppress()'s statements, the entry first, for a caller that writes them in a batch of its own: the
 * outbox, when a provider refuses an address it has suppressed itself (send-outbox.ts).
 */
export async function suppression(env: Env, email: string, reason: SuppressionReason, source: string): Promise<D1PreparedStatement[]> {
  return [
    env.DB.prepare('INSERT OR IGNORE INTO email_suppressions (address_hash, reason, source) VALUES (?, ?, ?)').bind(await addressHash(env, email), reason, source),
    env.DB.prepare(
      `UPDATE email_outbox SET status = 'cancelled', last_error = 'suppressed', updated_at = ?1
       WHERE (status = 'queued' OR (status = 'sending' AND sent_at IS NULL))
         AND (pledge_id IN (SELECT id FROM pledges WHERE email = ?2)
           OR (kind GLOB 'org-*' AND ref IN (SELECT id FROM organizations WHERE contact_email = ?2)))`,
    ).bind(new Date().toISOString(), email.trim().toLowerCase()),
    // Newer details or answers waiting for a confirmation that will now never go: dropped, as when
    // that email is composed for a suppressed address (pledges/emails.ts, organizations/emails.ts).
    env.DB.prepare('UPDATE pledges SET next_details = NULL WHERE email = ? AND next_details IS NOT NULL').bind(email.trim().toLowerCase()),
    env.DB.prepare('UPDATE organizations SET next_answers = NULL WHERE contact_email = ? AND next_answers IS NOT NULL').bind(email.trim().toLowerCase()),
  ];
}

/** May this pledge be emailed for this purpose right now? Checked when each email is composed. */
export async function mayEmail(env: Env, pledgeId: string | null, purpose: EmailPurpose): Promise<MayEmail> {
  const pledge = pledgeId
    ? await env.DB.prepare('SELECT id, partner_id, name, email, lang, role, status, updates, updates_later, hosted, flagged FROM pledges WHERE id = ?')
        .bind(pledgeId)
        .first<Recipient>()
    : null;
  if (!pledge || pledge.status === 'withdrawn') return { ok: false, skip: 'withdrawn' };
  if (purpose === 'update') {
    if (pledge.status !== 'confirmed' || pledge.flagged) return { ok: false, skip: 'unconfirmed' };
    if (!pledge.updates) return { ok: false, skip: 'unsubscribed' };
  }
  if (await isSuppressed(env, pledge.email)) return { ok: false, skip: 'suppressed' };
  return { ok: true, pledge };
}
