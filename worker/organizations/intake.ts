/** Taking an organization's request, from the JSON API or the `/join` form. */
import { sameRegistrableDomain } from '../../src/organization-domain.ts';
import { validateOrganization } from '../../src/organization-schema.ts';
import type { Lang } from '../../src/pledge-fields.ts';
import { partnerIdOf } from '../../src/partner-id.ts';
import { overLimit } from '../pledges/abuse.ts';
import { partnersOfOrigin } from '../partners/queries.ts';
import { secretOrDevFallback } from '../platform/dev-mode.ts';
import { enqueueEmails } from '../platform/outbox/enqueue.ts';
import { storeOrganization } from './queries.ts';
import { fieldMessage } from '../../src/i18n/messages.ts';
import { orgMessage, orgMessages } from './strings.ts';
import { regionMeant } from '../../src/regions.ts';

export type Intake =
  | { kind: 'accepted' }
  | { kind: 'invalid'; fields: Record<string, string[]> }
  | { kind: 'busy' }
  /** Too many requests from this client lately: nothing stored; the same request may be sent again in a minute. */
  | { kind: 'limited' };

/**
 * Whether a page on another site (`origin`: undefined for this service's own pages and for a
 * client that sends no Origin) may ask to join for `partner`: only a site registered for a society
 * may, and only for its own societies, as /pledge's rule. The same for `/join` and the JSON API.
 */
export async function originMayAsk(db: D1Database, origin: string | undefined, partner: unknown): Promise<boolean> {
  if (!origin) return true;
  const allowed = await partnersOfOrigin(db, origin);
  const id = typeof partner === 'string' ? partnerIdOf(partner) : '';
  return allowed.size > 0 && (!id || allowed.has(id));
}

/** Why another site's page may not ask, in `lang` (see originMayAsk): for the society it named, or for none. */
export function originRefusal(lang: Lang, partner: unknown): string {
  return typeof partner === 'string' && partnerIdOf(partner) ? fieldMessage(lang, 'partner.origin') : orgMessage(lang, 'origin.unregistered');
}

/**
 * The message key for what was sent: the schema says "missing" for a value of the wrong type too,
 * so a field sent as a number, a list or an object (`"name": 5`), a kind not in the list, a
 * commitment other than true or a contact that is not an object is told that instead. Left out,
 * `null` or empty is still asked for as missing. As pledges' `givenKey`.
 */
export function orgGivenKey(input: unknown, field: string, key: string): string {
  let given: unknown = input;
  for (const part of field.split('.')) given = given !== null && typeof given === 'object' && !Array.isArray(given) ? (given as Record<string, unknown>)[part] : undefined;
  // `PR` for Puerto Rico, `UK` for the United Kingdom, `US` for a state: told the code to use, as a pledge is.
  const meant = key === 'region.format' ? regionMeant(given) : undefined;
  if (meant) return `region.meant.${meant}`;
  if (given === undefined || given === null || given === '' || !key.endsWith('.missing')) return key;
  if (field === 'type') return 'type.unknown';
  if (field === 'commitment') return given === false ? key : 'commitment.type';
  if (field === 'contact') return 'contact.type';
  return typeof given === 'string' ? key : `${field}.type`;
}

/** Each field's problems with a request, in `lang`; null when the schema takes it. */
export function organizationErrors(body: unknown, lang: Lang, result = validateOrganization(body)): Record<string, string[]> | null {
  if (result.ok) return null;
  const keys = Object.fromEntries(Object.entries(result.fields).map(([field, list]) => [field, (list ?? []).map((k) => orgGivenKey(body, field, k))]));
  return orgMessages(lang, keys);
}

/**
 * Validates, then stores the request and queues its confirmation email. A honeypot hit gets the
 * same "accepted" as everyone, and nothing is stored. A client over the rate limit is told so
 * (`limited`, 429 with Retry-After), rather than accepted and silently dropped: a practice's staff
 * behind one address can send their request again a minute later, and nothing valid is lost.
 */
export async function takeOrganization(
  env: Env,
  body: unknown,
  lang: Lang,
  opts: {
    ip?: string;
    honeypot?: boolean;
    requestUrl?: string;
    /**
     * The request's `waitUntil`: its email is then put on the queue after the answer, not before it (a
     * request that queues one, a new one, would otherwise take longer to answer than one that does not).
     */
    waitUntil?: (p: Promise<unknown>) => void;
  } = {},
): Promise<Intake> {
  const result = validateOrganization(body);
  if (!result.ok) return { kind: 'invalid', fields: organizationErrors(body, lang, result) ?? {} };
  if (opts.honeypot) return { kind: 'accepted' };
  // Fail closed as a pledge does (a 503, MissingSecretError): its confirmation link could never be
  // signed, so a request taken now would wait in the outbox for a secret, its email failing over and over.
  secretOrDevFallback(env, 'TOKEN_SECRET', opts.requestUrl);
  if (await overLimit(env, 'org', opts.ip)) return { kind: 'limited' };
  const org = result.organization;
  try {
    const partner = org.partner
      ? await env.DB.prepare('SELECT id FROM partners WHERE id = ? AND active = 1').bind(org.partner).first<{ id: string }>()
      : null;
    const { outboxId } = await storeOrganization(env.DB, org, {
      partnerId: partner?.id ?? null,
      domainVerified: sameRegistrableDomain(org.contact.email, org.website.domain),
      lang: org.lang ?? lang,
    });
    // Should this enqueue be lost, the Cron sweeper finds the queued outbox row.
    const enqueued = outboxId ? enqueueEmails(env, [outboxId]).catch(() => undefined) : null;
    if (enqueued) {
      if (opts.waitUntil) opts.waitUntil(enqueued);
      else await enqueued;
    }
  } catch (err) {
    console.error(JSON.stringify({ event: 'organization_store_failed', name: (err as Error).name }));
    return { kind: 'busy' };
  }
  return { kind: 'accepted' };
}
