/**
 * Resources and what follows a pledge:
 * - `GET /api/resources?role=&lang=` (public, cacheable) and `/api/admin/resources` (maintainers);
 * - `GET /resources` (the library, filterable by role, no JavaScript);
 * - `/actions?t=…` and `/recommit?t=…`: a page on GET (mail scanners change nothing), the change on POST.
 */
import { Hono, type Context } from 'hono';
import * as z from 'zod/mini';
import { LANGS, ROLES, type Lang, type Role } from '../../src/pledge-fields.ts';
import { refuseChange } from '../admin/dashboard.ts';
import { requireAdmin } from '../platform/admin-auth.ts';
import { isMaintainer } from '../platform/admin-session.ts';
import { limitBody, nullsAsAbsent, readForm, readJsonBody } from '../platform/body.ts';
import { errorResponse } from '../platform/errors.ts';
import type { Html } from '../platform/pages/layout.ts';
import { securePage } from '../platform/pages/secure-page.ts';
import { checkPledgeToken } from '../pledges/link-token.ts';
import { askedLang, langFor, linkLang, supported } from '../platform/accept-language.ts';
import { formPageSwitchHref, linkOutcomeSwitchHref, otherLangHref } from '../platform/pages/lang-switch.ts';
import { REQUEST_ERRORS, requestLang } from '../platform/request-errors.ts';
import { resourcesAdminPage, type ResourceFormState } from './admin-page.ts';
import { fieldMessages, RESOURCE_ADMIN_STRINGS } from './admin-strings.ts';
import { formLang, inLang } from '../platform/pages/locale.ts';
import { actionsUrl, preferencesUrl } from './links.ts';
import { shareTags } from '../impact/share-meta.ts';
import { NO_PLEDGE_READERS } from '../updates/emails.ts';
import { testLinkPage } from '../updates/pages.ts';
import {
  actionFormPage,
  actionLoggedPage,
  linkProblemPage,
  recommitPage,
  recommittedPage,
  remindersOffPage,
  remindersPage,
  resourcesPage,
  stepsBlock,
  tellUsBlock,
  type ActionFormState,
} from './pages.ts';
import {
  actionCounts,
  actionReports,
  activeCounts,
  activeResources,
  allResources,
  createResource,
  deleteResource,
  getResource,
  ACTIONS_PER_DAY,
  keptReport,
  nextSteps,
  partnerExists,
  activeTwin,
  pledgeForActions,
  recommit,
  reportAction,
  setReminders,
  setResourceActive,
  updateResource,
  type PledgeForActions,
  type Resource,
} from './queries.ts';
import { actionSchema, fieldErrors, resourceSchema, type ResourceInput } from './schema.ts';
import { RESOURCE_STRINGS, type ActionKind } from './strings.ts';

type C = Context<{ Bindings: Env }>;

const RESOURCES_MAX_AGE = 300;

/** A role's id, in any case (`NURSE`), as `lang` is read in any case. */
const asRole = (v: string | undefined): Role | undefined => ROLES.find((r) => r === v?.trim().toLowerCase());
/** A language tag we speak, in any case and with a region (`ES`, `es-MX` are `es`), as the pledge API reads it. */
const asLang = (v: string | undefined): Lang | undefined => (v === undefined ? undefined : supported(v));

/** The public shape of a resource (the contract), plus its next step when it offers one. */
function publicResource(r: Resource) {
  return { id: r.id, title: r.title, url: r.url, summary: r.summary, kind: r.kind, roles: r.roles, lang: r.lang, partner: r.partner, step: r.step };
}

// ---- public API -------------------------------------------------------------------------

export const resourcesApi = new Hono<{ Bindings: Env }>();

resourcesApi.get('/', async (c) => {
  const roleParam = c.req.query('role') || undefined;
  const langParam = c.req.query('lang') || undefined;
  const role = asRole(roleParam);
  const lang = asLang(langParam);
  const fields: Record<string, string[]> = {};
  // In the asker's language: ?lang= when it is one we speak, else Accept-Language.
  const said = REQUEST_ERRORS[requestLang(c)];
  if (roleParam && !role) fields.role = [said.oneOf('role', ROLES)];
  if (langParam && !lang) fields.lang = [said.oneOf('lang', LANGS)];
  if (Object.keys(fields).length) return errorResponse(c, 422, 'validation', said.badQuery, fields);
  const resources = await activeResources(c.env.DB, { role, lang });
  c.header('Cache-Control', `public, max-age=${RESOURCES_MAX_AGE}`);
  return c.json({ resources: resources.map(publicResource) });
});

resourcesApi.all('/', (c) => {
  c.header('Allow', 'GET, HEAD, OPTIONS');
  return errorResponse(c, 405, 'method_not_allowed', REQUEST_ERRORS[requestLang(c)].method(['GET']));
});

// ---- maintainers' API -------------------------------------------------------------------

export const resourcesAdminApi = new Hono<{ Bindings: Env }>();
resourcesAdminApi.use('*', requireAdmin);

/**
 * Reads and validates a resource body, or answers the error (415, 400, 422). With `base` (a
 * `PATCH`), the body's fields are laid over that resource's and the whole is checked as a `PUT`'s.
 */
async function resourceBody(c: C, base?: Resource): Promise<{ input: ResourceInput; error?: undefined } | { input?: undefined; error: Response }> {
  const read = await readJsonBody(c, 'Send the resource as JSON (Content-Type: application/json).');
  if ('error' in read) return read;
  let sent = read.body;
  if (base) {
    if (typeof sent !== 'object' || sent === null || Array.isArray(sent)) {
      return { error: errorResponse(c, 422, 'validation', 'Check the highlighted fields.', { form: ['Send the fields to change as a JSON object, like { "title": "…" }'] }) };
    }
    const { id: _id, ...fields } = base;
    // `"step": null` clears the step; the society's null is "every society", as in a full body.
    sent = { ...fields, ...(sent as Record<string, unknown>) };
  }
  const body = nullsAsAbsent(sent); // `"partner": null`: left out (every society), as in the public API
  const parsed = z.safeParse(resourceSchema, body);
  const errors = parsed.success ? {} : fieldErrors(parsed.error);
  // The society is checked whatever else is wrong, so one answer names every problem.
  const partner = parsed.success ? parsed.data.partner : (body as { partner?: unknown } | null)?.partner;
  if (!errors.partner && typeof partner === 'string' && partner && !(await partnerExists(c.env.DB, partner))) errors.partner = ['There is no society with that id'];
  if (!parsed.success || errors.partner) return { error: errorResponse(c, 422, 'validation', 'Check the highlighted fields.', errors) };
  return { input: parsed.data };
}

resourcesAdminApi.get('/', async (c) => c.json({ resources: await allResources(c.env.DB) }));

/**
 * The library lists a link once per language, as the dashboard keeps it: a resource that would be
 * active (`listed`) beside an active one with the same link and language is refused, naming that
 * one, so a client's retried POST does not put the same link twice on the public page.
 */
async function twinError(c: C, input: ResourceInput, listed: boolean, except?: string): Promise<Response | null> {
  const twin = listed ? await activeTwin(c.env.DB, input.url, input.lang, except) : null;
  return twin ? errorResponse(c, 422, 'validation', 'Check the highlighted fields.', { url: [duplicateUrl(twin)] }) : null;
}
const duplicateUrl = (twin: { id: string; title: string }) =>
  `This link is already in the library in this language, as “${twin.title}” (id ${twin.id}): change that one instead`;

/** A resource is a title, a link, a line or two: far under this. Said also over the service-wide limit (worker/index.ts). */
export const RESOURCE_TOO_LARGE = 'A resource must be 16 KB or smaller.';
const resourceBodyLimit = limitBody(16 * 1024, (c) => errorResponse(c, 413, 'payload_too_large', RESOURCE_TOO_LARGE));

resourcesAdminApi.post('/', resourceBodyLimit, async (c) => {
  const { input, error } = await resourceBody(c);
  if (error) return error;
  const twin = await twinError(c, input, input.active !== false);
  if (twin) return twin;
  return c.json(await createResource(c.env.DB, input), 201);
});

resourcesAdminApi.put('/:id', resourceBodyLimit, async (c) => {
  // An unknown id is 404 whatever the body holds.
  const resource = await getResource(c.env.DB, c.req.param('id'));
  if (!resource) return errorResponse(c, 404, 'not_found', 'There is no resource with that id.');
  const { input, error } = await resourceBody(c);
  if (error) return error;
  const twin = await twinError(c, input, input.active ?? resource.active, resource.id);
  if (twin) return twin;
  const updated = await updateResource(c.env.DB, c.req.param('id'), input);
  return updated ? c.json(updated) : errorResponse(c, 404, 'not_found', 'There is no resource with that id.');
});

resourcesAdminApi.get('/:id', async (c) => {
  const resource = await getResource(c.env.DB, c.req.param('id'));
  return resource ? c.json(resource) : errorResponse(c, 404, 'not_found', 'There is no resource with that id.');
});

// Some of a resource's fields: the rest stay as they are.
resourcesAdminApi.patch('/:id', resourceBodyLimit, async (c) => {
  const resource = await getResource(c.env.DB, c.req.param('id'));
  if (!resource) return errorResponse(c, 404, 'not_found', 'There is no resource with that id.');
  const { input, error } = await resourceBody(c, resource);
  if (error) return error;
  const twin = await twinError(c, input, input.active ?? resource.active, resource.id);
  if (twin) return twin;
  const updated = await updateResource(c.env.DB, resource.id, input);
  return updated ? c.json(updated) : errorResponse(c, 404, 'not_found', 'There is no resource with that id.');
});

// Gone for good, unlike `/retire` (which hides it and keeps it to restore): nothing else refers to a resource.
resourcesAdminApi.delete('/:id', async (c) => {
  const deleted = await deleteResource(c.env.DB, c.req.param('id'));
  return deleted ? c.json({ id: deleted.id, deleted: true }) : errorResponse(c, 404, 'not_found', 'There is no resource with that id.');
});

for (const [path, active] of [['retire', false], ['restore', true]] as const) {
  resourcesAdminApi.post(`/:id/${path}`, async (c) => {
    // Restored beside an active twin (the same link added again while it was retired) it would be listed twice.
    const retired = active ? await getResource(c.env.DB, c.req.param('id')) : null;
    const twin = retired && !retired.active ? await activeTwin(c.env.DB, retired.url, retired.lang, retired.id) : null;
    if (twin) return errorResponse(c, 409, 'conflict', duplicateUrl(twin));
    const updated = await setResourceActive(c.env.DB, c.req.param('id'), active);
    return updated ? c.json(updated) : errorResponse(c, 404, 'not_found', 'There is no resource with that id.');
  });
}

// ---- pages ------------------------------------------------------------------------------

export const resourcePages = new Hono<{ Bindings: Env }>();

function render(c: C, body: (nonce: string) => Html, status: 200 | 400 | 404 | 409 | 410 | 422 | 429 = 200) {
  const nonce = crypto.randomUUID();
  securePage(c, nonce);
  return c.html(body(nonce), status);
}

function langOf(c: C, form?: Record<string, unknown>): Lang {
  const fromForm = typeof form?.lang === 'string' ? form.lang : undefined;
  return langFor(fromForm || c.req.query('lang'), c.req.header('Accept-Language'));
}

resourcePages.get('/resources', async (c) => {
  const lang = langOf(c);
  const asked = c.req.query('role')?.trim();
  const role = asRole(asked);
  const [resources, partners] = await Promise.all([
    activeResources(c.env.DB, { role, lang }),
    c.env.DB.prepare('SELECT id, name FROM partners').all<{ id: string; name: string }>(),
  ]);
  const names = Object.fromEntries(partners.results.map((p) => [p.id, p.name]));
  // The public library, shared as the pledge, impact and organization pages are: with a card.
  const r = RESOURCE_STRINGS[lang];
  const card = shareTags(c.env.PUBLIC_ORIGIN, lang, { path: `/resources?lang=${lang}`, title: r.resourcesTitle, description: r.resourcesIntro });
  // A role it does not know (a hand-edited link): every role's resources, with a note saying so, not an error.
  return render(c, (n) => resourcesPage(lang, role, resources, names, n, otherLangHref(c.req.url, lang), card, Boolean(asked) && !role));
});

/**
 * The pledge behind a signed link and the language to answer in, or the page that says why there
 * is none. The language: the one the link (or its form) names, if offered; else the pledge's own,
 * which its emails are written in (as /preferences and /unsubscribe answer); else the browser's.
 */
async function pledgeFromLink(c: C, token: string, action: 'act' | 'recommit' | 'reminders', form?: Record<string, unknown>) {
  const named = askedLang(form?.lang, c.req.query('lang')); // its form's `lang`, else the link's `?lang=`
  const accept = c.req.header('Accept-Language');
  // The page in the other language: a GET's own URL; after a POST (no URL of its own), the link's
  // page (its path, its token) with `?lang=`, which says the same and changes nothing.
  const switchFor = (lang: Lang) => (c.req.method === 'GET' ? otherLangHref(c.req.url, lang) : linkOutcomeSwitchHref(c.req.url, c.req.path, token, lang));
  const check = await checkPledgeToken(c.env, token, action, c.req.url);
  if (!check.ok) {
    const lang = linkLang(named, undefined, accept);
    return { problem: render(c, (n) => linkProblemPage(lang, check.reason, n, switchFor(lang)), check.reason === 'expired' ? 410 : 400) };
  }
  const pledge = await pledgeForActions(c.env.DB, check.pledgeId);
  const lang = linkLang(named, pledge, accept);
  const switchHref = switchFor(lang);
  // A test email's link belongs to no pledge: say so, rather than that a pledge was withdrawn.
  if (!pledge && NO_PLEDGE_READERS.has(check.pledgeId)) return { problem: render(c, (n) => testLinkPage(lang, n, switchHref)) };
  // Not confirmed yet: said so (it was not withdrawn), with nothing changed; the confirmation email is the way on.
  if (pledge?.status === 'pending') return { problem: render(c, (n) => linkProblemPage(lang, 'unconfirmed', n, switchHref), 409) };
  if (!pledge || pledge.status !== 'confirmed') return { problem: render(c, (n) => linkProblemPage(lang, 'gone', n, switchHref, pledge?.partner_id ?? undefined), 410) };
  return { pledge, issuedAt: check.issuedAt, lang };
}

const newSubmission = () => crypto.randomUUID().replaceAll('-', '');

/** The answer to a report: thanks, what was reported, the next steps, and a fresh link for another. */
async function actionLogged(c: C, pledge: PledgeForActions, lang: Lang, report: { kind: ActionKind; again: boolean }, switchHref: string) {
  const steps = stepsBlock(lang, pledge.role, await nextSteps(c.env.DB, pledge.role, lang));
  const again = await actionsUrl(c.env, pledge.id, lang);
  return render(c, (n) => actionLoggedPage(lang, again, steps, n, report.kind, report.again, switchHref));
}

resourcePages.get('/actions', async (c) => {
  const token = c.req.query('t') ?? '';
  const { pledge, problem, lang } = await pledgeFromLink(c, token, 'act');
  if (problem) return problem;
  // `report`: the answer to a report, opened in the other language (its switch): that report, as it
  // was answered, read and not sent again. Another pledge's, or one not kept: the form, as without it.
  const reportId = c.req.query('report') ?? '';
  const report = reportId && reportId.length <= 200 ? await keptReport(c.env.DB, pledge.id, reportId) : null;
  if (report) return actionLogged(c, pledge, lang, report, otherLangHref(c.req.url, lang));
  return render(c, (n) => actionFormPage(lang, { token, submission: newSubmission(), values: {}, errors: {} }, n, otherLangHref(c.req.url, lang)));
});

resourcePages.post('/actions', async (c) => {
  const form: Record<string, unknown> = (await readForm(c)) ?? {}; // a body cut off on its way: the 400 every route gives
  const token = typeof form.t === 'string' ? form.t : '';
  const { pledge, problem, lang } = await pledgeFromLink(c, token, 'act', form);
  if (problem) return problem;
  const str = (k: string) => (typeof form[k] === 'string' ? (form[k] as string) : undefined);
  // The submission id makes a replayed POST harmless (see reportAction); a form without a usable one gets a fresh id.
  const given = str('submission') ?? '';
  const submission = /^[A-Za-z0-9_-]{16,64}$/.test(given) ? given : newSubmission();
  const parsed = z.safeParse(actionSchema, { kind: str('kind'), note: str('note'), submission });
  if (!parsed.success) {
    const r = RESOURCE_STRINGS[lang];
    const errors: Record<string, string[]> = {};
    for (const [field, keys] of Object.entries(fieldErrors(parsed.error))) {
      errors[field] = keys.map((k) => (k === 'noteLong' ? r.noteLong : k === 'noteControl' ? r.noteControl : k === 'noteNeeded' ? r.noteNeeded : r.actionMissing));
    }
    const state: ActionFormState = { token, submission, values: { kind: str('kind'), note: str('note') }, errors };
    return render(c, (n) => actionFormPage(lang, state, n), 422);
  }
  const logged = await reportAction(c.env.DB, parsed.data.submission, pledge.id, parsed.data.kind, parsed.data.note);
  if (logged.said === 'over') {
    // Said beside the choice, with what was typed kept for tomorrow's visit to this page.
    const state: ActionFormState = { token, submission: newSubmission(), values: { kind: str('kind'), note: str('note') }, errors: { kind: [RESOURCE_STRINGS[lang].actionsToday(ACTIONS_PER_DAY)] } };
    return render(c, (n) => actionFormPage(lang, state, n), 429);
  }
  // The other language: the same link's page showing this report (kept as logged.id), as this answer does.
  const switchHref = otherLangHref(`${new URL(c.req.url).origin}/actions?t=${encodeURIComponent(token)}&report=${encodeURIComponent(logged.id)}`, lang);
  return actionLogged(c, pledge, lang, { kind: parsed.data.kind, again: logged.said === 'again' }, switchHref);
});

/** When this link's pledge was renewed since the link was sent (by this link, or another of the same email): then it is done. */
const renewedSince = (pledge: { recommitted_at: string | null }, issuedAt: number) =>
  pledge.recommitted_at && Date.parse(pledge.recommitted_at) >= issuedAt ? pledge.recommitted_at : null;

resourcePages.get('/recommit', async (c) => {
  const token = c.req.query('t') ?? '';
  const { pledge, issuedAt, problem, lang } = await pledgeFromLink(c, token, 'recommit');
  if (problem) return problem;
  // Opened again after its button was pressed: said done, with when (not the button again).
  const renewed = renewedSince(pledge, issuedAt);
  if (renewed) {
    const tellUs = tellUsBlock(lang, await actionsUrl(c.env, pledge.id, lang));
    return render(c, (n) => recommittedPage(lang, tellUs, n, otherLangHref(c.req.url, lang), renewed));
  }
  return render(c, (n) => recommitPage(lang, token, n, otherLangHref(c.req.url, lang), pledge.years ?? 1));
});

resourcePages.post('/recommit', async (c) => {
  const form: Record<string, unknown> = (await readForm(c)) ?? {}; // a body cut off on its way: the 400 every route gives
  const token = typeof form.t === 'string' ? form.t : '';
  const { pledge, issuedAt, problem, lang } = await pledgeFromLink(c, token, 'recommit', form);
  if (problem) return problem;
  // Pressed again (a double click, a reload): renewed once, at the first press, and said so.
  const renewed = renewedSince(pledge, issuedAt);
  if (!renewed && !(await recommit(c.env.DB, pledge.id))) return render(c, (n) => linkProblemPage(lang, 'gone', n, linkOutcomeSwitchHref(c.req.url, '/recommit', token, lang)), 410);
  const tellUs = tellUsBlock(lang, await actionsUrl(c.env, pledge.id, lang));
  // The outcome in the other language: the link's own page, which now says it is renewed.
  const switchHref = linkOutcomeSwitchHref(c.req.url, '/recommit', token, lang);
  return render(c, (n) => recommittedPage(lang, tellUs, n, switchHref, renewed ?? undefined));
});

/**
 * `/reminders?t=…`: the yearly renewal email's own way out. GET shows one button and changes nothing;
 * a POST turns the email off: the button's form, or a mail client's one-click (RFC 8058: the link
 * from List-Unsubscribe, body `List-Unsubscribe=One-Click`), which gets a plain 200 and no page.
 * The pledge itself stays as it is; the preferences page turns the email back on.
 */
resourcePages.get('/reminders', async (c) => {
  const token = c.req.query('t') ?? '';
  const { pledge, problem, lang } = await pledgeFromLink(c, token, 'reminders');
  if (problem) return problem;
  // Already off (the link opened again, or the mail client's one-click did it): said, not a button that changes nothing.
  if (pledge.reminders !== 1) {
    const preferences = await preferencesUrl(c.env, pledge.id, lang);
    return render(c, (n) => remindersOffPage(lang, preferences, n, otherLangHref(c.req.url, lang)));
  }
  return render(c, (n) => remindersPage(lang, token, n, otherLangHref(c.req.url, lang)));
});

resourcePages.post('/reminders', async (c) => {
  const form: Record<string, unknown> = (await readForm(c)) ?? {}; // a body cut off on its way: the 400 every route gives
  const lang = langOf(c, form);
  const oneClick = form['List-Unsubscribe'] === 'One-Click';
  const token = c.req.query('t') ?? (typeof form.t === 'string' ? form.t : '');
  if (oneClick) {
    // A mail client wants no page: the service's one error envelope, or a plain 200.
    const r = RESOURCE_STRINGS[lang];
    const check = await checkPledgeToken(c.env, token, 'reminders', c.req.url);
    if (!check.ok) {
      const invalid = check.reason === 'invalid';
      return errorResponse(c, invalid ? 400 : 410, invalid ? 'invalid_link' : 'expired_link', invalid ? `${r.linkInvalidTitle}. ${r.linkInvalidBody}` : `${r.linkExpiredTitle}. ${r.linkExpiredBody}`);
    }
    // A withdrawn pledge (or one erased) has no reminder to stop: said so, with the same plain 200. (A test email's link has no pledge either: stopped, as nothing goes to it.)
    const gone = !(await setReminders(c.env.DB, check.pledgeId, false)) && !NO_PLEDGE_READERS.has(check.pledgeId);
    c.header('Cache-Control', 'no-store');
    return c.text(gone ? `${r.goneTitle}. ${r.goneBody}` : r.remindersOneClick, 200);
  }
  const { pledge, problem, lang: pageLang } = await pledgeFromLink(c, token, 'reminders', form);
  if (problem) return problem;
  await setReminders(c.env.DB, pledge.id, false);
  const preferences = await preferencesUrl(c.env, pledge.id, pageLang);
  // The outcome in the other language: the link's own page, which now says it is off.
  return render(c, (n) => remindersOffPage(pageLang, preferences, n, linkOutcomeSwitchHref(c.req.url, '/reminders', token, pageLang)));
});

// ---- the dashboard's section ------------------------------------------------------------

export const resourcesAdminPages = new Hono<{ Bindings: Env }>();

/**
 * Renders the page in `lang`, offering the other language: a GET's own page; after a POST, the
 * section's page (a POST's answer has no URL of its own), unless it keeps a form typed with its errors.
 */
async function adminPage(c: C, lang: Lang, form: ResourceFormState, status: 200 | 400 | 404 | 422 = 200, notice?: string) {
  const [resources, partners, actions, activity, reported] = await Promise.all([
    allResources(c.env.DB),
    c.env.DB.prepare('SELECT id, name FROM partners ORDER BY name').all<{ id: string; name: string }>(),
    actionCounts(c.env.DB),
    activeCounts(c.env.DB),
    actionReports(c.env.DB),
  ]);
  const switchHref = c.req.method === 'GET' ? otherLangHref(c.req.url, lang) : form === EMPTY_FORM ? formPageSwitchHref('/admin/resources', lang) : undefined;
  return render(c, (n) => resourcesAdminPage(lang, resources, partners.results, { actions, ...activity, ...reported }, form, n, notice, switchHref, status >= 400), status);
}

const EMPTY_FORM: ResourceFormState = { values: { kind: 'toolkit', lang: 'en', position: '100' }, errors: {} };

const DONE = ['saved', 'retired', 'restored'] as const;

/**
 * After a change, the page is fetched again (303): reloading it, or going back to it, sends
 * nothing twice. What was done travels in the URL, as the resource's id, never its title.
 */
const doneRedirect = (c: C, lang: Lang, done: (typeof DONE)[number], id: string) =>
  c.redirect(`${inLang('/admin/resources', lang)}&${done}=${encodeURIComponent(id)}`, 303);

resourcesAdminPages.get('/admin/resources', async (c) => {
  const lang = requestLang(c);
  if (!(await isMaintainer(c))) return c.redirect(inLang('/admin', lang), 303);
  const t = RESOURCE_ADMIN_STRINGS[lang];
  const editing = c.req.query('edit');
  for (const done of DONE) {
    const id = c.req.query(done);
    const r = id ? await getResource(c.env.DB, id) : null;
    if (r) return adminPage(c, lang, EMPTY_FORM, 200, t[done](r.title));
  }
  if (!editing) return adminPage(c, lang, EMPTY_FORM);
  const r = await getResource(c.env.DB, editing);
  if (!r) return adminPage(c, lang, EMPTY_FORM, 404, t.noSuchResource);
  return adminPage(c, lang, {
    id: r.id,
    values: { title: r.title, url: r.url, summary: r.summary, step: r.step ?? '', kind: r.kind, roles: r.roles, lang: r.lang, partner: r.partner ?? '', position: String(r.position) },
    errors: {},
  });
});

resourcesAdminPages.post('/admin/resources', async (c) => {
  // Nothing from a stranger's body is read: the refusal speaks the browser's language.
  const refused = await refuseChange(c);
  if (refused) return refused;
  const form = await c.req.parseBody({ all: true }).catch(() => ({}) as Record<string, unknown>);
  const one = (k: string) => (typeof form[k] === 'string' ? (form[k] as string) : undefined);
  // The page's language travels in its own field: `lang` is the resource's.
  const lang = formLang(c, form);
  const t = RESOURCE_ADMIN_STRINGS[lang];
  const id = one('id');
  const action = one('action');
  if ((action === 'retire' || action === 'restore') && id) {
    // Restored beside an active twin (the same link added again while it was retired) it would be listed twice.
    const retired = action === 'restore' ? await getResource(c.env.DB, id) : null;
    const twin = retired ? await activeTwin(c.env.DB, retired.url, retired.lang, id) : null;
    if (twin) return adminPage(c, lang, EMPTY_FORM, 422, t.duplicateUrl(twin.title));
    const done = await setResourceActive(c.env.DB, id, action === 'restore');
    return done ? doneRedirect(c, lang, action === 'retire' ? 'retired' : 'restored', done.id) : adminPage(c, lang, EMPTY_FORM, 404, t.noSuchResource);
  }
  const rolesField = form.roles;
  const roles = Array.isArray(rolesField) ? rolesField.filter((r): r is string => typeof r === 'string') : typeof rolesField === 'string' ? [rolesField] : [];
  const values = { title: one('title'), url: one('url'), summary: one('summary'), step: one('step'), kind: one('kind'), roles, lang: one('lang'), partner: one('partner'), position: one('position') };
  const parsed = z.safeParse(resourceSchema, {
    ...values,
    step: values.step?.trim() ? values.step : null,
    partner: values.partner || null,
    position: values.position?.trim() ? Number(values.position) : undefined,
  });
  const state: ResourceFormState = { id, values, errors: parsed.success ? {} : fieldMessages(lang, fieldErrors(parsed.error)) };
  if (!state.errors.partner && values.partner && !(await partnerExists(c.env.DB, values.partner))) state.errors.partner = [t.unknownPartner];
  // The library lists a link once per language: a second "Add" of the same one (a double click,
  // a form sent again) would put it twice on the public page. (Correcting a retired one lists
  // nothing: it stays retired, so it may share its link; restoring it is checked then.)
  const listed = !id || (await getResource(c.env.DB, id))?.active !== false;
  const twin = parsed.success && listed ? await activeTwin(c.env.DB, parsed.data.url, parsed.data.lang, id) : null;
  if (twin) state.errors.url = [t.duplicateUrl(twin.title)];
  if (!parsed.success || Object.keys(state.errors).length) return adminPage(c, lang, state, 422);
  const saved = id ? await updateResource(c.env.DB, id, parsed.data) : await createResource(c.env.DB, parsed.data);
  if (!saved) return adminPage(c, lang, EMPTY_FORM, 404, t.noSuchResource);
  return doneRedirect(c, lang, 'saved', saved.id);
});
