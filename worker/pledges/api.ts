import { Hono } from 'hono';
import { fieldMessage } from '../../src/i18n/messages.ts';
import { errorResponse } from '../platform/errors.ts';
import { limitBody, nullsAsAbsent, readJsonBody } from '../platform/body.ts';
import { answerLang, REQUEST_ERRORS, requestLang } from '../platform/request-errors.ts';
import { partnerRefusal, takePledge } from './intake.ts';
import { foldCountry } from '../../src/pledge-schema.ts';
import { crossSiteOrigin } from '../platform/cors.ts';

/** Largest pledge body accepted; a real one is well under 1 KB. */
export const MAX_BODY_BYTES = 8 * 1024;

/** How long a client should wait before retrying when the queue refuses a pledge. */
const RETRY_AFTER_SECONDS = 2;

/** The answer to every accepted pledge, new or repeated: nothing tells them apart. */
const ACCEPTED = { status: 'accepted' } as const;


export const pledges = new Hono<{ Bindings: Env }>();

pledges.post(
  '/',
  limitBody(MAX_BODY_BYTES, (c) =>
    errorResponse(c, 413, 'payload_too_large', REQUEST_ERRORS[requestLang(c)].tooLarge('pledge', MAX_BODY_BYTES)),
  ),
  async (c) => {
    const read = await readJsonBody(c, () => REQUEST_ERRORS[requestLang(c)].notJson('pledge'));
    if ('error' in read) return read.error;
    const body = foldCountry(nullsAsAbsent(read.body));

    const lang = answerLang(c, body);
    // A page of this service's own (its origin or PUBLIC_ORIGIN) may pledge for any society, as its forms do.
    const origin = crossSiteOrigin(c);
    const result = await takePledge(c.env, body, lang, c.req.header('CF-Connecting-IP'), {
      requestUrl: c.req.url,
      origin,
      // Sent from that page: made on the coalition's own site, not a society's (no Origin: a server, neither).
      hosted: !origin && Boolean(c.req.header('Origin')),
    });
    if (result.kind === 'invalid') {
      return errorResponse(c, 422, 'validation', fieldMessage(lang, 'summary'), result.fields);
    }
    if (result.kind === 'busy') {
      c.header('Retry-After', String(RETRY_AFTER_SECONDS));
      return errorResponse(c, 503, 'busy', REQUEST_ERRORS[lang].busy('pledge'));
    }
    return c.json(ACCEPTED, 202);
  },
);

pledges.all('/', (c) => {
  c.header('Allow', 'POST, OPTIONS');
  return errorResponse(c, 405, 'method_not_allowed', REQUEST_ERRORS[requestLang(c)].method(['POST']));
});

/**
 * `GET /api/pledges/allowed?partner=…`: whether the calling page's site may pledge for that society,
 * as `POST /` would answer (422 on `partner`): `{ partner, allowed }`, with the same `message` when
 * not. The widget asks when a visitor starts on its form, so a site that embeds it for a society
 * not registered to it (or one no longer active) says so, with the coalition's page to pledge on,
 * before the form is filled in rather than after. This service's own pages and callers without an
 * Origin may pledge for any active society.
 */
pledges.get('/allowed', async (c) => {
  const lang = requestLang(c);
  const partner = (c.req.query('partner') ?? '').trim().toLowerCase().slice(0, 64);
  c.header('Cache-Control', 'private, max-age=60');
  c.header('Vary', 'Accept-Language');
  const refused = await partnerRefusal(c.env.DB, partner, crossSiteOrigin(c));
  return c.json(refused ? { partner, allowed: false, message: fieldMessage(lang, refused) } : { partner, allowed: true });
});

pledges.all('/allowed', (c) => {
  c.header('Allow', 'GET, HEAD, OPTIONS');
  return errorResponse(c, 405, 'method_not_allowed', REQUEST_ERRORS[requestLang(c)].method(['GET']));
});

