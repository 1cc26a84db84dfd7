import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { LANGS, type Lang, validatePledge } from '../../src/pledge-schema.ts';
import { pickLang } from '../../src/i18n/index.ts';
import { fieldMessage } from '../../src/i18n/messages.ts';
import { isActivePartner } from '../db/partners.ts';
import { insertPledge } from '../db/pledges.ts';
import { errorResponse } from '../errors.ts';

/** Largest pledge body accepted; a real one is well under 1 KB. */
export const MAX_BODY_BYTES = 8 * 1024;

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
  bodyLimit({
    maxSize: MAX_BODY_BYTES,
    onError: (c) =>
      errorResponse(c, 413, 'payload_too_large', `A pledge must be ${MAX_BODY_BYTES} bytes or smaller.`),
  }),
  async (c) => {
    const type = c.req.header('Content-Type') ?? '';
    if (!/^application\/json\s*(;|$)/i.test(type)) {
      return errorResponse(c, 415, 'unsupported_media_type', 'Send the pledge as JSON (Content-Type: application/json).');
    }

    let body: unknown;
    try {
      body = JSON.parse(await c.req.text());
    } catch {
      return errorResponse(c, 400, 'bad_json', 'The request body is not valid JSON.');
    }

    const lang: Lang = bodyLang(body) ?? pickLang(c.req.header('Accept-Language'));
    const result = validatePledge(body);
    if (!result.ok) {
      const fields = Object.fromEntries(
        Object.entries(result.fields).map(([field, keys]) => [field, (keys ?? []).map((k) => fieldMessage(lang, k))]),
      );
      return errorResponse(c, 422, 'validation', 'Some answers need correcting.', fields);
    }

    const pledge = result.pledge;
    if (!(await isActivePartner(c.env.DB, pledge.partner))) {
      return errorResponse(c, 422, 'validation', 'Some answers need correcting.', {
        partner: [fieldMessage(lang, 'partner.unknown')],
      });
    }

    await insertPledge(c.env.DB, pledge.id ?? crypto.randomUUID(), pledge);
    return c.json(ACCEPTED, 202);
  },
);

pledges.all('/', (c) => {
  c.header('Allow', 'POST, OPTIONS');
  return errorResponse(c, 405, 'method_not_allowed', 'Send a pledge with POST.');
});
