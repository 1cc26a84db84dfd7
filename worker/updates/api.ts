/**
 * `/api/admin/updates`, for maintainers' scripts (Authorization: Bearer ADMIN_TOKEN):
 *   POST /               a draft (+ one test with `test_to`) → 201 { id, recipients, spanishReadersInEnglish }
 *   PUT  /:id            the draft's new subject, body and audience (same body as POST, and
 *                        optionally the `revision` it was written against) → 200 { id, recipients,
 *                        spanishReadersInEnglish, revision }; 409 once sending has begun, it was discarded, or it has
 *                        changed since that revision
 *   GET  /               every update with its figures
 *   GET  /:id            { id, status, recipients, sent, failed, suppressed, skipped, cancelled, revision }
 *                        (and, while it is a draft, spanishReadersInEnglish)
 *                        (`revision`: what a PUT may name, so a script can read, change and
 *                        write back a draft without overwriting someone else's edit)
 *   POST /:id/send       → 202    POST /:id/cancel → 202
 * With `test_to`, POST and PUT also answer the test's outcome, `test`: `sent`, `failed` (refused:
 * not sent), `suppressed` (the address gets no email at all), `unknown` (handed over, but whether the
 * provider took it is unknown: it may have gone, and asked for again within the minute it is a `repeat`),
 * or `repeat`: the same test (this draft as it
 * reads now, this address, this `test_lang`) was asked for less than a minute ago, so nothing was sent again
 * (a request retried, or sent twice).
 */
import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { nullsAsAbsent, readJsonBody } from '../platform/body.ts';
import { requireAdmin } from '../platform/admin-auth.ts';
import { errorResponse } from '../platform/errors.ts';
import { parseDraft, type Draft } from './draft.ts';
import { cancelUpdate, startSending } from './fanout.ts';
import { figures, getUpdate, history, spanishReadersInEnglish } from './queries.ts';
import { changeDraft, createDraft, type TestOutcome } from './service.ts';

/** The API's admin identity in the audit table. */
const ACTOR = 'token';

export const updatesApi = new Hono<{ Bindings: Env }>();

updatesApi.use('*', requireAdmin);

/** Said also over the service-wide limit (worker/index.ts), so every oversized draft is told the same. */
export const UPDATE_TOO_LARGE = 'An update must be 128 KB or smaller.';
const draftBodyLimit = bodyLimit({ maxSize: 128 * 1024, onError: (c) => errorResponse(c, 413, 'payload_too_large', UPDATE_TOO_LARGE) });

/**
 * The request's draft, checked; with `withRevision` (PUT) also the `revision` it was written
 * against (absent: not checked); or the error answer (415, 400, 422) to give instead. For POST,
 * like any other key beyond the draft's, `revision` is ignored.
 */
async function readDraft(c: Context<{ Bindings: Env }>, withRevision = false): Promise<{ draft: Draft; revision?: number } | { error: Response }> {
  const read = await readJsonBody(c, 'Send the update as JSON (Content-Type: application/json).');
  if ('error' in read) return read;
  const body = nullsAsAbsent(read.body); // `"test_to": null`, `"es": null`: left out, as in the public API
  const parsed = await parseDraft(c.env.DB, body);
  // The revision as sent: `null` there is a mistake to point out, not "no check" (a guard against
  // overwriting someone's edit should not be dropped by a variable that happened to be null).
  const sent = read.body;
  const revision = withRevision && typeof sent === 'object' && sent !== null ? (sent as { revision?: unknown }).revision : undefined;
  const badRevision = revision !== undefined && !(Number.isSafeInteger(revision) && (revision as number) >= 0);
  if (!parsed.ok || badRevision) {
    const fields = { ...(parsed.ok ? {} : parsed.fields), ...(badRevision ? { revision: ['Give the revision as a whole number, as the last answer gave it'] } : {}) };
    return { error: errorResponse(c, 422, 'validation', 'Some fields need correcting.', fields) };
  }
  return { draft: parsed.draft, ...(revision === undefined ? {} : { revision: revision as number }) };
}

/**
 * `{ id, recipients, spanishReadersInEnglish }` (and the test's outcome): what creating or changing a draft
 * answers (`spanishReadersInEnglish`: how many of them read Spanish but will get the English version, as
 * it has no Spanish one; said, not refused); a change also gives the draft's new `revision` (a new
 * draft's is 0), for the next change to name.
 */
async function draftAnswer(c: Context<{ Bindings: Env }>, id: string, test: TestOutcome | undefined, status: 200 | 201) {
  const u = (await getUpdate(c.env.DB, id))!;
  const [{ recipients }, spanish] = await Promise.all([figures(c.env.DB, u), spanishReadersInEnglish(c.env.DB, u)]);
  return c.json({ id, recipients, spanishReadersInEnglish: spanish, ...(status === 200 ? { revision: u.revision } : {}), ...(test ? { test } : {}) }, status);
}

updatesApi.post('/', draftBodyLimit, async (c) => {
  const read = await readDraft(c);
  if ('error' in read) return read.error;
  const created = await createDraft(c.env, read.draft, ACTOR);
  return draftAnswer(c, created.id, created.test, 201);
});

updatesApi.put('/:id', draftBodyLimit, async (c) => {
  const id = c.req.param('id');
  const read = await readDraft(c, true);
  if ('error' in read) return read.error;
  const changed = await changeDraft(c.env, id, read.draft, ACTOR, read.revision);
  if (changed === 'not_found') return notFound(c, id);
  // Stale, or a revision the draft never had: either way the client is not writing against what is there.
  if (changed === 'stale') return errorResponse(c, 409, 'conflict', `Revision ${read.revision} is not this draft's current revision: nothing was saved. Read the draft again (GET /api/admin/updates/${id} gives its revision) before changing it.`);
  if (changed === 'not_draft') return errorResponse(c, 409, 'conflict', 'Only a draft can be changed: this update is being sent, was sent or was discarded.');
  return draftAnswer(c, id, typeof changed === 'object' ? changed.test : undefined, 200);
});

updatesApi.get('/', async (c) => c.json({ updates: await history(c.env.DB) }));

const notFound = (c: Context<{ Bindings: Env }>, id: string) =>
  errorResponse(c, 404, 'not_found', `No update has the id ${id.length > 64 ? `${id.slice(0, 64)}…` : id}.`); // (an id is 36 characters: a longer one is not echoed whole)

updatesApi.get('/:id', async (c) => {
  const u = await getUpdate(c.env.DB, c.req.param('id'));
  if (!u) return notFound(c, c.req.param('id'));
  // A draft says, as its POST and PUT answers do, how many of its readers of Spanish would get English.
  const [f, spanish] = await Promise.all([figures(c.env.DB, u), u.status === 'draft' ? spanishReadersInEnglish(c.env.DB, u) : null]);
  return c.json({ ...f, ...(spanish === null ? {} : { spanishReadersInEnglish: spanish }), revision: u.revision });
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
