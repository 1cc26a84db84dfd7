/**
 * Taking a pledge in, shared by the JSON API and the hosted (no-JavaScript) page:
 * validate with the shared schema, check the partner, screen for abuse, and queue it.
 * Accepted means durably queued; the answer is the same for a new and an already-pledged
 * email, and for a flagged pledge.
 */
import { apiFieldMessage } from '../../src/i18n/api-messages.ts';
import { fieldMessage } from '../../src/i18n/messages.ts';
import { regionMeant } from '../../src/regions.ts';
import type { Lang } from '../../src/pledge-fields.ts';
import { partnerIdOf } from '../../src/partner-id.ts';
import { validatePledge } from '../../src/pledge-schema.ts';
import { flagFor, hashIp, pledgeRowId } from './abuse.ts';
import { isActivePartner, partnersOfOrigin } from '../partners/queries.ts';
import type { PledgeMessage } from './message.ts';

export type IntakeResult =
  | { kind: 'accepted' }
  | { kind: 'invalid'; fields: Record<string, string[]> }
  /** The queue refused: nothing was accepted; the client should retry with the same id. */
  | { kind: 'busy' };

/**
 * The shared schema asks for a field it did not get (`name.missing`). When the client did send it,
 * as the wrong type (`"name": 2`, `"commitment": "yes"`; `null` is taken for left out) or as a role not in the list, an API
 * client is told that instead (worded in `src/i18n/api-messages.ts`; the forms never send such values).
 */
export function givenKey(input: unknown, field: string, key: string): string {
  const given = input !== null && typeof input === 'object' ? (input as Record<string, unknown>)[field] : undefined;
  if (given === undefined || given === null || given === '') return key; // null: "not filled in", as many clients say it
  if (key === 'role.missing') return 'role.unknown';
  // `PR` for Puerto Rico, `UK` for the United Kingdom, `US` for a state: told the code to use.
  const meant = key === 'region.unknown' ? regionMeant(given) : undefined;
  if (meant) return `region.meant.${meant}`;
  if (key === 'commitment.missing') return given === false ? key : 'commitment.type';
  if (key === 'partner.missing' || key === 'name.missing' || key === 'email.missing') return typeof given === 'string' ? key : `${field}.type`;
  return key;
}

/**
 * Why a page may not pledge for `partner` (a society that is not an active one, or one not registered
 * to the page's `origin`), as a message key; null when it may. No origin: any active society.
 * Used by the pledge itself and by `GET /api/pledges/allowed`, which asks the same before anything is sent.
 */
export async function partnerRefusal(db: D1Database, partner: string, origin: string | undefined): Promise<'partner.unknown' | 'partner.origin' | null> {
  if (!(await isActivePartner(db, partner))) return 'partner.unknown';
  if (origin && !(await partnersOfOrigin(db, origin)).has(partner)) return 'partner.origin';
  return null;
}

export async function takePledge(
  env: Env,
  input: unknown,
  lang: Lang,
  ip: string | undefined,
  options: {
    turnstile?: boolean;
    /** The request's own URL (local development is told apart by its host). */
    requestUrl?: string;
    /**
     * The calling page's `Origin`, when a browser sent one: a page may pledge only for the
     * partners its origin is registered to. Absent for the hosted page (the Worker's own) and
     * for server-to-server calls, which carry no Origin.
     */
    origin?: string | undefined;
    /** Made on the coalition's own pledge page (not a society's site): its emails say so. */
    hosted?: boolean;
  } = {},
): Promise<IntakeResult> {
  const result = validatePledge(input);
  if (!result.ok) {
    const fields: Record<string, string[]> = Object.fromEntries(
      // Each message once (two rules can say the same thing: control characters are not letters either).
      Object.entries(result.fields).map(([field, keys]) => [field, [...new Set((keys ?? []).map((k) => apiFieldMessage(lang, givenKey(input, field, k))))]]),
    );
    // The society is checked too, so one answer names every problem: a form corrected once, not twice.
    const partner = (input as { partner?: unknown } | null)?.partner;
    if (!fields.partner && typeof partner === 'string') {
      const refused = await partnerRefusal(env.DB, partnerIdOf(partner), options.origin);
      if (refused) fields.partner = [fieldMessage(lang, refused)];
    }
    return { kind: 'invalid', fields };
  }
  const pledge = result.pledge;
  const refused = await partnerRefusal(env.DB, pledge.partner, options.origin);
  if (refused) return { kind: 'invalid', fields: { partner: [fieldMessage(lang, refused)] } };

  const message: PledgeMessage = {
    // The client's idempotency key, scoped to the address (abuse.ts, pledgeRowId); none: a new id.
    id: pledge.id ? await pledgeRowId(env, pledge.id, pledge.email, options.requestUrl) : crypto.randomUUID(),
    // Without a `lang` of its own, the pledge's emails are in the language its answer was in (Accept-Language).
    pledge: { ...pledge, lang: pledge.lang ?? lang },
    flag: await flagFor(env, input as Record<string, unknown>, ip, options.turnstile ?? true),
    ipHash: await hashIp(env, ip, options.requestUrl),
    receivedAt: new Date().toISOString(),
    ...(options.hosted ? { hosted: true } : {}),
  };
  try {
    await env.PLEDGE_QUEUE.send(message);
  } catch (err) {
    console.error(JSON.stringify({ event: 'queue_send_failed', name: (err as Error).name }));
    return { kind: 'busy' };
  }
  return { kind: 'accepted' };
}
