/** What the API and the dashboard both do with updates: create (with a test), test, suppression changes. */
import { transportFor, EmailSendError, OUTCOME_UNKNOWN, type EmailTransport } from '../platform/outbox/transport.ts';
import { heedProviderRefusal } from '../platform/outbox/send-outbox.ts';
import { addressHash, isSuppressed } from './consent.ts';
import type { Draft } from './draft.ts';
import { composeUpdate, type Reader } from './emails.ts';
import { unsubscribe } from './links.ts';
import { keyedHash } from '../platform/tokens.ts';
import { auditIfChanged, auditStatement, claimTest, createUpdate, editDraft, getUpdate, releaseTest, type AuditRow, type TestKey, type UpdateRow } from './queries.ts';
import { sha256Hex } from '../platform/digest.ts';
import type { OutgoingEmail } from '../platform/outbox/kinds.ts';

/**
 * `repeat`: the same test was asked for less than a minute ago (TEST_REPEAT_WINDOW_MS; it went, or is going, or its outcome is
 * unknown), and was not sent again. `unknown`: handed over, but whether the provider took it nobody knows (OUTCOME_UNKNOWN: the
 * connection dropped, the binding failed without saying why): kept as asked for, so asking again within the minute sends nothing.
 */
export type TestOutcome = 'sent' | 'failed' | 'suppressed' | 'repeat' | 'unknown';

/** What a test shows of an update: its words and audience (the society its links name), as a digest. */
async function versionOf(u: UpdateRow): Promise<string> {
  return sha256Hex(JSON.stringify([u.subject_en, u.body_en, u.subject_es, u.body_es, u.audience]));
}

/**
 * Sends one test of an update to one address, and to no one else: straight through the
 * transport (not the outbox), marked as a test, with links that act on no pledge. An address on
 * the suppression list (it bounced, complained or unsubscribed from everything) gets nothing, a
 * test included: `suppressed` (also when the provider refuses it as suppressed: on Postmark's
 * broadcast stream, only that address's updates then stop, and it is not listed). The same test asked for again within a minute (a double click, a
 * form or request sent twice, two at once) sends nothing more: `repeat`. The update changed, or
 * another address or language, is a new test and goes at once; so does one asked for again
 * after a test the provider refused (`failed`: it was not sent). One whose hand-off ended with its
 * outcome unknown (`unknown`: it may have gone) is not given back: as the outbox never hands such an
 * email over again on its own (send-outbox.ts), a second press or a retried request within the
 * minute finds it asked for (`repeat`), and the maintainer, told so, checks the inbox before asking again.
 */
export async function sendTest(
  env: Env,
  u: UpdateRow,
  to: string,
  lang: 'en' | 'es',
  actor: string,
  transport: EmailTransport = transportFor(env),
  now = Date.now(),
): Promise<TestOutcome> {
  const audience = JSON.parse(u.audience) as { partners?: string[] };
  const reader: Reader = { id: 'test', email: to, lang, partner_id: audience.partners?.[0] ?? 'rsna' };
  let outcome: TestOutcome = 'sent';
  if (await isSuppressed(env, to)) {
    outcome = 'suppressed';
  } else {
    const key: TestKey = { updateId: u.id, version: await versionOf(u), addressHash: await keyedHash(env, 'update-test', to), lang };
    // Nothing sent, nothing done: not audited (as a second press of any other button).
    if (!(await claimTest(env.DB, key, now))) return 'repeat';
    let email: OutgoingEmail | undefined;
    try {
      email = await composeUpdate(env, u, reader, { test: true });
      await transport.send(email, `update-test:${u.id}:${crypto.randomUUID()}`);
    } catch (err) {
      // Failing to compose it (a missing secret) hands nothing over: failed, as a refusal.
      let refused: D1PreparedStatement[] | null;
      const code = !email ? 'compose' : err instanceof EmailSendError ? err.code : 'unexpected';
      if (OUTCOME_UNKNOWN.includes(code)) {
        outcome = 'unknown'; // the claim is kept: it may have gone
      } else if ((refused = await heedProviderRefusal(env, code, to))) {
        // The provider has suppressed the address itself: as the outbox does (send-outbox.ts), and the
        // answer says so (as for an address already on our list) rather than "failed".
        outcome = 'suppressed';
        if (refused.length) await env.DB.batch(refused);
        await releaseTest(env.DB, key, now);
      } else {
        outcome = 'failed';
        await releaseTest(env.DB, key, now);
      }
      // (With the error's name only: a message may quote the email's contents.)
      console.warn(JSON.stringify({ event: outcome === 'unknown' ? 'update_test_outcome_unknown' : 'update_test_failed', code, error: (err as Error)?.name }));
    }
  }
  // The audit keeps the fact of the test, not the address.
  await auditStatement(env.DB, u.id, 'test', actor, `${lang}, ${outcome}`).run();
  return outcome;
}

/** A new draft (see `createUpdate` for `key`); a second submission of the same form sends no second test. */
export async function createDraft(env: Env, draft: Draft, actor: string, key?: string): Promise<{ id: string; test?: TestOutcome }> {
  const { id, created } = await createUpdate(env.DB, draft, actor, key);
  if (!draft.test_to || !created) return { id };
  const u = (await getUpdate(env.DB, id))!;
  return { id, test: await sendTest(env, u, draft.test_to, draft.test_lang, actor) };
}

/**
 * Changes a draft (and sends one test of it when `test_to` is given). `not_draft` once sending
 * has begun or the draft was discarded: a sent update is never rewritten. `stale` when
 * `revision` (the one the editor loaded) is no longer the draft's: someone changed it meanwhile.
 */
export async function changeDraft(
  env: Env,
  id: string,
  draft: Draft,
  actor: string,
  revision?: number,
): Promise<'changed' | 'not_found' | 'not_draft' | 'stale' | { test: TestOutcome }> {
  if (!(await editDraft(env.DB, id, draft, actor, revision))) {
    const now = await getUpdate(env.DB, id);
    return !now ? 'not_found' : now.status !== 'draft' ? 'not_draft' : 'stale';
  }
  if (!draft.test_to) return 'changed';
  return { test: await sendTest(env, (await getUpdate(env.DB, id))!, draft.test_to, draft.test_lang, actor) };
}

export async function liftSuppression(env: Env, hash: string, actor: string): Promise<boolean> {
  const [del] = await env.DB.batch([
    env.DB.prepare('DELETE FROM email_suppressions WHERE address_hash = ?').bind(hash),
    auditIfChanged(env.DB, null, 'lift-suppression', actor, hash.slice(0, 12)),
  ]);
  return (del?.meta.changes ?? 0) > 0;
}

/** An address's updates stopped at its owner's request by mail (their other emails go on): recorded, as a suppression is. */
export async function stopUpdatesFor(env: Env, email: string, pledgeIds: readonly string[], actor: string): Promise<void> {
  for (const id of pledgeIds) await unsubscribe(env.DB, id);
  await auditStatement(env.DB, null, 'stop-updates', actor, (await addressHash(env, email)).slice(0, 12)).run();
}

export async function addSuppression(env: Env, email: string, actor: string): Promise<boolean> {
  const hash = await addressHash(env, email);
  const [ins] = await env.DB.batch([
    env.DB.prepare(`INSERT OR IGNORE INTO email_suppressions (address_hash, reason, source) VALUES (?, 'manual', 'dashboard')`).bind(hash),
    auditIfChanged(env.DB, null, 'add-suppression', actor, hash.slice(0, 12)),
  ]);
  return (ins?.meta.changes ?? 0) > 0;
}

export interface SuppressionRow {
  address_hash: string;
  reason: string;
  source: string;
  created_at: string;
}

export interface Suppressions {
  byReason: Record<string, number>;
  recent: SuppressionRow[];
  /** What maintainers did to the list (and to an address's updates), newest first: the audit rows of no update. */
  changes: AuditRow[];
}

export async function suppressions(db: D1Database, limit = 200): Promise<Suppressions> {
  const [counts, recent, changes] = await db.batch([
    db.prepare('SELECT reason, count(*) AS n FROM email_suppressions GROUP BY reason'),
    db.prepare('SELECT address_hash, reason, source, created_at FROM email_suppressions ORDER BY created_at DESC LIMIT ?').bind(limit),
    db.prepare('SELECT update_id, action, actor, detail, at FROM update_audit WHERE update_id IS NULL ORDER BY seq DESC LIMIT 20'),
  ]);
  const byReason: Record<string, number> = { bounce: 0, complaint: 0, manual: 0 };
  for (const r of counts!.results as { reason: string; n: number }[]) byReason[r.reason] = r.n;
  return { byReason, recent: recent!.results as SuppressionRow[], changes: changes!.results as AuditRow[] };
}
