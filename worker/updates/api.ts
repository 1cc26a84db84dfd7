/**
 * `/api/admin/updates`, for maintainers' scripts (Authorization: Bearer ADMIN_TOKEN):
 *   POST /               a draft (+ one test with `test_to`) → 201 { id, recipients }
 *   GET  /               every update with its figures
 *   GET  /:id            { id, status, recipients, sent, failed, suppressed, skipped }
 *   POST /:id/send       → 202    POST /:id/cancel → 202
 */
import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { requireAdmin } from '../platform/admin-auth.ts';
import { errorResponse } from '../platform/errors.ts';
import { parseDraft } from './draft.ts';
import { cancelUpdate, startSending } from './fanout.ts';
import { figures, getUpdate, history } from './queries.ts';
import { createDraft } from './service.ts';

/** The API's admin identity in the audit table. */
const ACTOR = 'token';

export const updatesApi = new Hono<{ Bindings: Env }>();

updatesApi.use('*', requireAdmin);

updatesApi.post(
  '/',
  bodyLimit({ maxSize: 128 * 1024, onError: (c) => errorResponse(c, 413, 'payload_too_large', 'An update must be 128 KB or smaller.') }),
  async (c) => {
    if (!/^application\/json\s*(;|$)/i.test(c.req.header('Content-Type') ?? '')) {
      return errorResponse(c, 415, 'unsupported_media_type', 'Send the update as JSON (Content-Type: application/json).');
    }
    let body: unknown;
    try {
      body = JSON.parse(await c.req.text());
    } catch {
      return errorResponse(c, 400, 'bad_json', 'The request body is not valid JSON.');
    }
    const parsed = await parseDraft(c.env.DB, body);
    if (!parsed.ok) return errorResponse(c, 422, 'validation', 'Some fields need correcting.', parsed.fields);
    const created = await createDraft(c.env, parsed.draft, ACTOR);
    const u = (await getUpdate(c.env.DB, created.id))!;
    const { recipients } = await figures(c.env.DB, u);
    return c.json({ id: created.id, recipients, ...(created.test ? { test: created.test } : {}) }, 201);
  },
);

updatesApi.get('/', async (c) => c.json({ updates: await history(c.env.DB) }));

const notFound = (c: Context<{ Bindings: Env }>, id: string) =>
  errorResponse(c, 404, 'not_found', `No update has the id ${id}.`);

updatesApi.get('/:id', async (c) => {
  const u = await getUpdate(c.env.DB, c.req.param('id'));
  if (!u) return notFound(c, c.req.param('id'));
  return c.json(await figures(c.env.DB, u));
});

updatesApi.post('/:id/send', async (c) => {
  const id = c.req.param('id');
  const status = await startSending(c.env, id, ACTOR);
  if (!status) return notFound(c, id);
  if (status === 'cancelled') return errorResponse(c, 409, 'conflict', 'This update was cancelled; create a new one to send.');
  return c.json({ id, status }, 202);
});

updatesApi.post('/:id/cancel', async (c) => {
  const id = c.req.param('id');
  const status = await cancelUpdate(c.env, id, ACTOR);
  if (!status) return notFound(c, id);
  if (status === 'sent') return errorResponse(c, 409, 'conflict', 'This update has already been sent to everyone.');
  return c.json({ id, status }, 202);
});
