import { Hono } from 'hono';
import { fieldMessage } from '../../src/i18n/messages.ts';
import { LANGS, type Lang } from '../../src/pledge-fields.ts';
import { errorResponse } from '../platform/errors.ts';
import { limitBody, readText } from '../platform/body.ts';
import { negotiateLang } from '../platform/accept-language.ts';
import { takePledge } from './intake.ts';

/** Largest pledge body accepted; a real one is well under 1 KB. */
export const MAX_BODY_BYTES = 8 * 1024;

/** How long a client should wait before retrying when the queue refuses a pledge. */
const RETRY_AFTER_SECONDS = 2;

/** The answer to every accepted pledge, new or repeated: nothing tells them apart. */
const ACCEPTED = { status: 'accepted' } as const;

/** The language to answer in: the body's own `lang` when it is one we speak. */
function bodyLang(body: unknown): Lang | undefined {
  const lang = typeof body === 'object' && body !== null ? (body as { lang?: unknown }).lang : undefined;
  return LANGS.find((l) => l === lang);
}

export const pledges = new Hono<{ Bindings: Env }>();

pledges.post(
  '/',
  limitBody(MAX_BODY_BYTES, (c) =>
    errorResponse(c, 413, 'payload_too_large', `A pledge must be ${MAX_BODY_BYTES} bytes or smaller.`),
  ),
  async (c) => {
    const type = c.req.header('Content-Type') ?? '';
    if (!/^application\/json\s*(;|$)/i.test(type)) {
      return errorResponse(c, 415, 'unsupported_media_type', 'Send the pledge as JSON (Content-Type: application/json).');
    }

    const text = await readText(c);
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      return errorResponse(c, 400, 'bad_json', 'The request body is not valid JSON.');
    }

    const lang: Lang = bodyLang(body) ?? negotiateLang(c.req.header('Accept-Language')) ?? 'en';
    const result = await takePledge(c.env, body, lang, c.req.header('CF-Connecting-IP'), {
      requestUrl: c.req.url,
      origin: c.req.header('Origin'),
    });
    if (result.kind === 'invalid') {
      return errorResponse(c, 422, 'validation', fieldMessage(lang, 'summary'), result.fields);
    }
    if (result.kind === 'busy') {
      c.header('Retry-After', String(RETRY_AFTER_SECONDS));
      return errorResponse(c, 503, 'busy', 'The pledge service is busy. Send the same pledge again shortly.');
    }
    return c.json(ACCEPTED, 202);
  },
);

pledges.all('/', (c) => {
  c.header('Allow', 'POST, OPTIONS');
  return errorResponse(c, 405, 'method_not_allowed', 'Send a pledge with POST.');
});
