/**
 * The public organizations API: `POST /api/organizations` (a request to join) and
 * `GET /api/organizations` (who has joined: cacheable, never a contact detail).
 */
import { fieldMessage } from '../../src/i18n/messages.ts';
import { Hono } from 'hono';
import { answerLang, REQUEST_ERRORS, requestLang } from '../platform/request-errors.ts';
import { limitBody, nullsAsAbsent, readJsonBody } from '../platform/body.ts';
import { errorResponse } from '../platform/errors.ts';
import { crossSiteOrigin } from '../platform/cors.ts';
import { organizationErrors, originMayAsk, originRefusal, takeOrganization } from './intake.ts';
import { publicOrganizations } from './queries.ts';

/** Largest request body accepted; a real one is well under 2 KB. */
export const MAX_ORG_BODY_BYTES = 8 * 1024;
/** The public list is cached at most this long, so an approval shows within a minute. */
export const LIST_MAX_AGE_SECONDS = 60;
/** One cache entry for every viewer (query strings cannot get past it); purged on every decision. */
export const LIST_CACHE_KEY = 'https://rhec-pledge.internal/api/organizations';

/** The answer to every accepted request, new or repeated: nothing tells them apart. */
const ACCEPTED = { status: 'accepted' } as const;


/** How long the list may be cached: STATS_CACHE_SECONDS, never more than 60 s. */
export function listTtl(env: Env): number {
  return Math.max(0, Math.min(LIST_MAX_AGE_SECONDS, Number(env.STATS_CACHE_SECONDS) || 0));
}

/** Drops the cached public list (after an approval, a decline, a withdrawal). */
export async function purgeOrganizationList(): Promise<void> {
  await caches.default.delete(LIST_CACHE_KEY).catch(() => false);
}

export const organizationsApi = new Hono<{ Bindings: Env }>();

organizationsApi.post(
  '/',
  limitBody(MAX_ORG_BODY_BYTES, (c) => errorResponse(c, 413, 'payload_too_large', REQUEST_ERRORS[requestLang(c)].tooLarge('request', MAX_ORG_BODY_BYTES))),
  async (c) => {
    const read = await readJsonBody(c, () => REQUEST_ERRORS[requestLang(c)].notJson('request'));
    if ('error' in read) return read.error;
    const body = nullsAsAbsent(read.body);
    const lang = answerLang(c, body);
    // From another site's page: only one registered for a society, and only for its own (as /join).
    const partner = body && typeof body === 'object' ? (body as { partner?: unknown }).partner : undefined;
    if (!(await originMayAsk(c.env.DB, crossSiteOrigin(c), partner))) {
      // With every other problem the request has, so one answer names them all.
      return errorResponse(c, 422, 'validation', fieldMessage(lang, 'summary'), { ...organizationErrors(body, lang), partner: [originRefusal(lang, partner)] });
    }
    const result = await takeOrganization(c.env, body, lang, { ip: c.req.header('CF-Connecting-IP'), requestUrl: c.req.url, waitUntil: (p) => c.executionCtx.waitUntil(p) });
    if (result.kind === 'invalid') return errorResponse(c, 422, 'validation', fieldMessage(lang, 'summary'), result.fields);
    if (result.kind === 'busy') {
      c.header('Retry-After', '2');
      return errorResponse(c, 503, 'busy', REQUEST_ERRORS[lang].busy('request'));
    }
    if (result.kind === 'limited') {
      c.header('Retry-After', '60');
      return errorResponse(c, 429, 'rate_limited', REQUEST_ERRORS[lang].limited);
    }
    return c.json(ACCEPTED, 202);
  },
);

organizationsApi.get('/', async (c) => {
  const ttl = listTtl(c.env);
  const headers = {
    'Content-Type': 'application/json',
    'Cache-Control': ttl > 0 ? `public, max-age=${ttl}` : 'no-cache',
  };
  const cache = ttl > 0 ? caches.default : null;
  const cached = await cache?.match(LIST_CACHE_KEY);
  if (cached) return new Response(await cached.text(), { headers });
  const body = JSON.stringify(await publicOrganizations(c.env.DB));
  if (cache) c.executionCtx.waitUntil(cache.put(LIST_CACHE_KEY, new Response(body, { headers })));
  return new Response(body, { headers });
});

organizationsApi.all('/', (c) => {
  c.header('Allow', 'GET, HEAD, POST, OPTIONS');
  return errorResponse(c, 405, 'method_not_allowed', REQUEST_ERRORS[requestLang(c)].method(['GET', 'POST']));
});
