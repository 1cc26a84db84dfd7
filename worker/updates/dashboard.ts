/**
 * `/admin/updates`: the Updates section of the dashboard, behind the dashboard's sign-in
 * (session cookie or Cloudflare Access). Every change is a POST from the dashboard's own origin.
 * Pages speak the request's language (`?lang=`, else Accept-Language); a form's answer speaks the
 * language of the page it came from (its hidden `ui_lang`), and redirects keep it.
 */
import { Hono, type Context } from 'hono';
import { decode } from 'hono/jwt';
import type { Lang } from '../../src/pledge-fields.ts';
import { hasAccessIdentity, isMaintainer } from '../platform/admin-session.ts';
import { formPageSwitchHref, otherLangHref } from '../platform/pages/lang-switch.ts';
import { requestLang } from '../platform/request-errors.ts';
import { addressHashes, isSuppressed } from './consent.ts';
import { parseDraft } from './draft.ts';
import { composeUpdate, type Reader } from './emails.ts';
import { cancelUpdate, startSending } from './fanout.ts';
import { audienceOf, auditTrail, figures, getUpdate, history, langsOf, spanishReadersInEnglish, titleOf, type UpdateRow } from './queries.ts';
import { addSuppression, changeDraft, createDraft, liftSuppression, sendTest, stopUpdatesFor, suppressions } from './service.ts';
import { audienceSummary, draftValues, editDraftPage, cancelCheckPage, liftCheckPage, sendCheckPage, suppressCheckPage, updatePage, updatesIndexPage, type FormValues, type Partner, type PreviewPart, PREVIEW_SANDBOX, discardedDraft } from './admin-page.ts';
import { draftSchema } from './draft.ts';
import { UPDATES_ADMIN_STRINGS } from './admin-strings.ts';
import { formatNumber, formLang, inLang } from '../platform/pages/locale.ts';
import { ADMIN_STRINGS } from '../admin/strings.ts';
import { signInFirst } from '../admin/dashboard.ts';
import { asciiEmail } from '../../src/ascii-email.ts';

type C = Context<{ Bindings: Env }>;

export const updatesDashboard = new Hono<{ Bindings: Env }>();

/** The page's CSP: its own nonce'd style and script, polling itself, framing its own previews. */
function securePage(c: C, nonce: string) {
  c.header(
    'Content-Security-Policy',
    `default-src 'none'; style-src 'nonce-${nonce}'; script-src 'nonce-${nonce}'; connect-src 'self'; frame-src 'self'; img-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'`,
  );
  c.header('X-Content-Type-Options', 'nosniff');
  c.header('Referrer-Policy', 'same-origin');
  c.header('Cache-Control', 'no-store');
}

/** Who acted, for the audit table: the Cloudflare Access email when there is one, else the dashboard session. */
export async function dashboardActor(c: C): Promise<string> {
  const jwt = c.req.header('Cf-Access-Jwt-Assertion');
  if (jwt && (await hasAccessIdentity(c))) {
    try {
      const email = decode(jwt).payload.email;
      if (typeof email === 'string' && email) return email;
    } catch {
      // fall through
    }
  }
  return 'dashboard';
}

const sameOrigin = (c: C) => c.req.header('Origin') === new URL(c.req.url).origin;

/**
 * The societies an update can be aimed at: the active ones, and any disabled since that `u`'s
 * audience names (marked so). Left out, a draft aimed only at a society disabled later showed
 * nothing ticked, and saving it unchanged aimed it at every society.
 */
async function partnersOf(db: D1Database, u?: UpdateRow): Promise<Partner[]> {
  const named = u ? audienceOf(u).partners : [];
  const { results } = await db
    .prepare('SELECT id, name, active FROM partners WHERE active = 1 OR id IN (SELECT value FROM json_each(?)) ORDER BY id')
    .bind(JSON.stringify(named))
    .all<{ id: string; name: string; active: number }>();
  return results.map((p) => ({ id: p.id, name: p.name, ...(p.active ? {} : { disabled: true }) }));
}

/** A GET page's language, and the link to the same page in the other one. */
function getLang(c: C): { lang: Lang; switchHref: string } {
  const lang = requestLang(c);
  return { lang, switchHref: otherLangHref(c.req.url, lang) };
}

/**
 * A rendered page's language: a GET's, with its switch; else the posted form's, whose switch leads
 * to the GET page the form was on (`formPageSwitchHref`), except on a page keeping words typed in
 * the compose form (it would lose them).
 */
type Speech = { lang: Lang; switchHref?: string };

/** Words typed in the compose form (a subject or a message), which a switch away would lose. */
const typedDraft = (values?: FormValues) => Boolean(values && ['subject_en', 'subject_es', 'body_en', 'body_es'].some((k) => typeof values[k] === 'string' && (values[k] as string).trim()));

async function indexPage(c: C, speech: Speech, status: 200 | 400 | 404 | 422, extra: { values?: FormValues; errors?: Record<string, string[]>; notice?: string; problem?: boolean } = {}) {
  const nonce = crypto.randomUUID();
  securePage(c, nonce);
  const [partners, rows, supp] = await Promise.all([partnersOf(c.env.DB), history(c.env.DB), suppressions(c.env.DB)]);
  // After a suppression list's form: that list, in the other language.
  // None on a page keeping what was typed: a draft's words, or an address refused (the form shows it again to correct).
  const keepsTyped = typedDraft(extra.values) || Boolean(extra.values && extra.errors);
  const switchHref = speech.switchHref ?? (keepsTyped ? undefined : formPageSwitchHref('/admin/updates', speech.lang, c.req.path.startsWith('/admin/updates/suppressions/') ? '#suppressions' : ''));
  return c.html(updatesIndexPage({ ...speech, ...(switchHref ? { switchHref } : {}), nonce, partners, history: rows, suppressions: supp, problem: status >= 400, ...extra }), status);
}

/** A sample reader for previews: links signed for no pledge, the first chosen society (or RSNA). */
function sampleReader(u: UpdateRow, lang: 'en' | 'es'): Reader {
  return { id: 'preview', email: 'pledger@example.org', lang, partner_id: audienceOf(u).partners[0] ?? 'rsna' };
}

/**
 * The emails an update's readers get: one for English readers and one for Spanish readers, who get
 * an update written only in English in English, framed in Spanish (emails.ts). Both are previewed
 * and can be tested, so the maintainer sees what each part of the audience receives.
 */
const READER_LANGS = ['en', 'es'] as const;

async function detailPage(
  c: C,
  speech: Speech,
  u: UpdateRow,
  status: 200 | 409 | 422 = 200,
  extra: { notice?: string; problem?: boolean; testError?: string; testErrorField?: 'test_to' | 'test_lang'; testTo?: string; testLang?: 'en' | 'es' } = {},
) {
  const nonce = crypto.randomUUID();
  securePage(c, nonce);
  const [partners, figs, audit] = await Promise.all([partnersOf(c.env.DB, u), figures(c.env.DB, u), auditTrail(c.env.DB, u.id)]);
  const previews: PreviewPart[] = [];
  // An update written only in Spanish goes to Spanish readers only: no one gets an English email of it.
  for (const lang of READER_LANGS.filter((l) => l === 'es' || langsOf(u).includes('en'))) {
    const email = await composeUpdate(c.env, u, sampleReader(u, lang));
    previews.push({ lang, subject: email.subject, text: email.text, headers: email.headers ?? {} });
  }
  // None while a refused test address is shown again to correct (a switch would lose it).
  const switchHref = speech.switchHref ?? (extra.testError ? undefined : formPageSwitchHref(`/admin/updates/${u.id}`, speech.lang));
  return c.html(updatePage({ ...speech, ...(switchHref ? { switchHref } : {}), nonce, update: { ...u, status: figs.status }, audience: audienceOf(u), partners, figures: figs, previews, audit, problem: status >= 400, ...extra }), status);
}

/** Everything under /admin/updates needs a signed-in maintainer; changes need the dashboard's own origin too. */
async function guard(c: C, next: () => Promise<void>) {
  const signedIn = await isMaintainer(c);
  if (signedIn && (c.req.method !== 'POST' || sameOrigin(c))) return next();
  if (c.req.method === 'GET' || c.req.method === 'HEAD') return c.redirect(inLang('/admin', requestLang(c)), 303);
  // In the request's language (?lang=, Accept-Language): nothing a stranger sent is read before the check.
  const lang = requestLang(c);
  if (!signedIn && sameOrigin(c)) return signInFirst(c);
  return c.text(signedIn ? ADMIN_STRINGS[lang].sameOriginOnly : ADMIN_STRINGS[lang].signInFirst, 403);
}
updatesDashboard.use('/admin/updates/*', guard);
updatesDashboard.use('/admin/updates', guard);

updatesDashboard.get('/admin/updates', async (c) => {
  const speech = getLang(c);
  // Just discarded (the discard's redirect names it): said so at the top, as every other action is.
  const id = c.req.query('discarded');
  const gone = id ? await getUpdate(c.env.DB, id) : null;
  return indexPage(c, speech, 200, gone && discardedDraft(gone) ? { notice: UPDATES_ADMIN_STRINGS[speech.lang].draftDiscarded(titleOf(gone).text) } : {});
});

async function formValues(c: C): Promise<FormValues> {
  const body = await c.req.parseBody({ all: true }).catch(() => ({}) as Record<string, unknown>);
  const out: FormValues = {};
  for (const [k, v] of Object.entries(body)) {
    if (typeof v === 'string') out[k] = v;
    else if (Array.isArray(v)) out[k] = v.filter((x): x is string => typeof x === 'string');
  }
  return out;
}

const asList = (v: string | string[] | undefined) => (Array.isArray(v) ? v : typeof v === 'string' ? [v] : []);

/** The compose form's fields as the draft schema takes them (the API's JSON shape). */
function draftInput(values: FormValues) {
  const str = (k: string) => (typeof values[k] === 'string' ? (values[k] as string) : '');
  return {
    subject: { en: str('subject_en'), es: str('subject_es') },
    body: { en: str('body_en'), es: str('body_es') },
    audience: { partners: asList(values.partners), roles: asList(values.roles), langs: asList(values.langs) },
  };
}

const DRAFT_KEY = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

updatesDashboard.post('/admin/updates', async (c) => {
  const values = await formValues(c);
  const lang = formLang(c, values);
  const parsed = await parseDraft(c.env.DB, draftInput(values));
  if (!parsed.ok) return indexPage(c, { lang }, 422, { values, errors: parsed.fields });
  // The form's own id for its draft: the same form sent twice makes one draft (see createUpdate).
  const key = typeof values.draft_id === 'string' && DRAFT_KEY.test(values.draft_id) ? values.draft_id : undefined;
  const { id } = await createDraft(c.env, parsed.draft, await dashboardActor(c), key);
  // "Draft saved", as after an edit: the page that follows says what just happened.
  return c.redirect(inLang(`/admin/updates/${id}?saved`, lang), 303);
});

/** The updates page itself, saying there is no such update (a stale bookmark, a mistyped id): the way on is on it. */
const noSuchUpdate = (c: C, speech: Speech) => indexPage(c, speech, 404, { notice: UPDATES_ADMIN_STRINGS[speech.lang].noSuchUpdate, problem: true });

/** The update the path names, or a 404 in `lang` (a GET's language, or the posted form's). */
async function withUpdate(c: C, lang: Lang | (() => Promise<Lang>), fn: (u: UpdateRow) => Promise<Response>): Promise<Response> {
  const u = await getUpdate(c.env.DB, c.req.param('id') ?? '');
  if (!u) {
    const shown = typeof lang === 'function' ? await lang() : lang;
    return noSuchUpdate(c, c.req.method === 'GET' ? { lang: shown, switchHref: otherLangHref(c.req.url, shown) } : { lang: shown });
  }
  return fn(u);
}

/** For a form's route: the form's language, read when needed (the body is parsed once and cached). */
const postedLang = (c: C) => async () => formLang(c, await formValues(c));

updatesDashboard.get('/admin/updates/:id', (c) => {
  const speech = getLang(c);
  const t = UPDATES_ADMIN_STRINGS[speech.lang];
  const tested = c.req.query('tested');
  return withUpdate(c, speech.lang, async (u) =>
    detailPage(
      c,
      speech,
      u,
      200,
      c.req.query('saved') !== undefined && u.status === 'draft'
        ? { notice: t.draftSaved }
        : tested === 'en' || tested === 'es'
          ? { notice: t.testSent(tested), testLang: tested }
          : c.req.query('started') !== undefined && (u.status === 'sending' || u.status === 'sent')
            ? // The address it was sent from, opened again once it has gone to everyone: not "has started".
              { notice: u.status === 'sent' ? t.sendingDone : t.sendingStarted }
            : c.req.query('stopped') !== undefined && u.status === 'cancelled' && u.started_at
              ? // After "Yes, stop sending": said, as every other action is, with how many it did not reach.
                { notice: ((n) => t.sendingStopped(n, formatNumber(n, speech.lang)))((await figures(c.env.DB, u)).cancelled) }
              : {},
    ),
  );
});

/**
 * The revision a form carries (the draft as its maintainer saw it), or null when it carries none,
 * several or a malformed one: the page is then treated as out of date, never as unchecked.
 */
function revisionOf(values: FormValues): number | null {
  const raw = typeof values.revision === 'string' ? values.revision : '';
  return /^\d{1,9}$/.test(raw) ? Number(raw) : null;
}

const NOT_A_DRAFT = (u: UpdateRow, lang: Lang) => UPDATES_ADMIN_STRINGS[lang].notADraft(u.status === 'cancelled');

updatesDashboard.get('/admin/updates/:id/status.json', (c) =>
  withUpdate(c, requestLang(c), async (u) => {
    c.header('Cache-Control', 'no-store');
    return c.json(await figures(c.env.DB, u));
  }),
);

/**
 * The email's HTML for the preview frame: sandboxed, no scripts, its inline styles allowed. Its links
 * open in a new tab (`<base target="_blank">`, popups allowed out of the sandbox): followed inside the
 * frame, they met the sandbox's refusal and the preview was gone until a reload.
 */
updatesDashboard.get('/admin/updates/:id/preview/:file{(en|es)\\.html}', (c) =>
  withUpdate(c, requestLang(c), async (u) => {
    const lang = c.req.param('file').startsWith('es') ? 'es' : 'en';
    const email = await composeUpdate(c.env, u, sampleReader(u, lang));
    c.header('Content-Security-Policy', `default-src 'none'; style-src 'unsafe-inline'; img-src https: data:; frame-ancestors 'self'; sandbox ${PREVIEW_SANDBOX}`);
    c.header('X-Content-Type-Options', 'nosniff');
    c.header('Cache-Control', 'no-store');
    return c.html(email.html.replace(/<head(\s[^>]*)?>/i, (head) => `${head}<base target="_blank">`));
  }),
);

/** The draft's compose form, filled in; a draft only (anything else is shown as it is). */
async function editPage(c: C, speech: Speech, u: UpdateRow, status: 200 | 409 | 422, values: FormValues, errors?: Record<string, string[]>) {
  const nonce = crypto.randomUUID();
  securePage(c, nonce);
  return c.html(editDraftPage({ ...speech, nonce, update: u, partners: await partnersOf(c.env.DB, u), values, ...(errors ? { errors } : {}) }), status);
}

updatesDashboard.get('/admin/updates/:id/edit', (c) => {
  const speech = getLang(c);
  return withUpdate(c, speech.lang, async (u) =>
    u.status === 'draft' ? editPage(c, speech, u, 200, draftValues(u, audienceOf(u))) : c.redirect(inLang(`/admin/updates/${u.id}`, speech.lang), 303),
  );
});

updatesDashboard.post('/admin/updates/:id/edit', (c) =>
  withUpdate(c, postedLang(c), async (u) => {
    const values = await formValues(c);
    const lang = formLang(c, values);
    if (u.status !== 'draft') return detailPage(c, { lang }, u, 409, { notice: NOT_A_DRAFT(u, lang) });
    const parsed = await parseDraft(c.env.DB, draftInput(values));
    if (!parsed.ok) return editPage(c, { lang }, u, 422, values, parsed.fields);
    const revision = revisionOf(values);
    const changed = revision === null ? 'stale' : await changeDraft(c.env, u.id, parsed.draft, await dashboardActor(c), revision);
    if (changed === 'not_draft' || changed === 'not_found') {
      const now = await getUpdate(c.env.DB, u.id);
      return now ? detailPage(c, { lang }, now, 409, { notice: NOT_A_DRAFT(now, lang) }) : noSuchUpdate(c, { lang });
    }
    if (changed === 'stale') {
      // Someone saved this draft after it was loaded here: keep what was typed, show it against
      // the current revision, and say so; saving again replaces their version knowingly.
      const now = (await getUpdate(c.env.DB, u.id))!;
      return editPage(c, { lang }, now, 409, { ...values, revision: String(now.revision) }, {
        revision: [UPDATES_ADMIN_STRINGS[lang].staleEdit],
      });
    }
    return c.redirect(inLang(`/admin/updates/${u.id}?saved`, lang), 303);
  }),
);

updatesDashboard.post('/admin/updates/:id/test', (c) =>
  withUpdate(c, postedLang(c), async (u) => {
    const values = await formValues(c);
    const ui = formLang(c, values);
    const t = UPDATES_ADMIN_STRINGS[ui];
    const raw = typeof values.test_to === 'string' ? values.test_to : '';
    const check = draftSchema.shape.test_to.safeParse(raw.trim() === '' ? 'missing' : raw);
    // `lang` here is the version of the email to test, not the page's language.
    const lang = values.lang === 'es' ? 'es' : 'en';
    if (!check.success || !check.data) {
      return detailPage(c, { lang: ui }, u, 422, { testError: raw.trim() ? t.testAddressFormat : t.testAddressMissing, testTo: raw, testLang: lang });
    }
    // A version no reader gets (English, of an update written only in Spanish) is not sent empty: said so, at the language's choice.
    if (!langsOf(u).includes(lang) && !langsOf(u).includes('en')) {
      return detailPage(c, { lang: ui }, u, 422, { testError: t.testNoEnglish, testErrorField: 'test_lang', testTo: raw, testLang: lang });
    }
    const outcome = await sendTest(c.env, u, check.data, lang, await dashboardActor(c));
    // Sent: to the update's page (post, redirect, get), so reloading it sends no second test.
    if (outcome === 'sent') return c.redirect(inLang(`/admin/updates/${u.id}?tested=${lang}`, ui), 303);
    // The same test a moment ago (a double click: this is the answer the browser shows): nothing sent again, and said so.
    if (outcome === 'repeat') return detailPage(c, { lang: ui }, u, 200, { notice: t.testRepeated(check.data, lang), testTo: raw, testLang: lang });
    return detailPage(c, { lang: ui }, u, 200, {
      // Unknown: it may have gone, and is not sent again on its own (a second press within the minute is a `repeat`).
      // (Suppressed but not on our list: Postmark refused it on its broadcast stream only, service.ts.)
      notice:
        outcome === 'suppressed'
          ? (await isSuppressed(c.env, check.data)) ? t.testSuppressed(check.data) : t.testUnsubscribedAtProvider(check.data)
          : outcome === 'unknown' ? t.testUnknown(check.data) : t.testRefused,
      problem: true,
      testTo: raw,
      testLang: lang,
    });
  }),
);

updatesDashboard.post('/admin/updates/:id/send', (c) =>
  withUpdate(c, postedLang(c), async (u) => {
    const values = await formValues(c);
    const lang = formLang(c, values);
    const revision = revisionOf(values);
    // No one in its audience (they unsubscribed, or it was narrowed to no one): nothing to send, and
    // an update "sent" to nobody would read as done in the history. (The API sends it, to no one.)
    const recipients = u.status === 'draft' && revision === u.revision ? (await figures(c.env.DB, u)).recipients : null;
    if (recipients === 0) return detailPage(c, { lang }, u, 409, { notice: UPDATES_ADMIN_STRINGS[lang].emptyAudienceRefused, problem: true });
    // The draft's button asks first: a page that says what goes to how many, whose button sends.
    if (values.confirm !== 'yes' && recipients !== null) {
      const nonce = crypto.randomUUID();
      securePage(c, nonce);
      const spanishInEnglish = await spanishReadersInEnglish(c.env.DB, u);
      return c.html(sendCheckPage({ lang, nonce, update: u, recipients, spanishInEnglish, audience: audienceSummary(lang, audienceOf(u), await partnersOf(c.env.DB, u)) }));
    }
    const status = revision === null ? u.status : await startSending(c.env, u.id, await dashboardActor(c), Date.now(), revision);
    if (status === 'draft') {
      // Edited after this page was loaded: never send what its sender has not seen.
      const now = (await getUpdate(c.env.DB, u.id))!;
      return detailPage(c, { lang }, now, 409, { notice: UPDATES_ADMIN_STRINGS[lang].staleSend });
    }
    // "Sending has started" on the page that follows (not on a reload of a draft's page).
    return c.redirect(inLang(`/admin/updates/${u.id}?started`, lang), 303);
  }),
);

updatesDashboard.post('/admin/updates/:id/cancel', (c) =>
  withUpdate(c, postedLang(c), async (u) => {
    const lang = formLang(c, await formValues(c));
    // Finished before the press arrived (sent in full, or cancelled in another tab): nothing is cancelled, and the page says so.
    // (A send whose last email went while nobody looked is marked sent by its figures: read them first.)
    const status = u.status === 'sending' ? (await figures(c.env.DB, u)).status : u.status;
    if (status === 'sent' || status === 'cancelled') {
      const now = (await getUpdate(c.env.DB, u.id)) ?? u;
      return detailPage(c, { lang }, now, 409, { notice: UPDATES_ADMIN_STRINGS[lang].nothingToCancel(status), problem: true });
    }
    // Asked first, on a page of its own (its button posts confirm=yes): a stray click discards nothing.
    if ((await formValues(c)).confirm !== 'yes') {
      const nonce = crypto.randomUUID();
      securePage(c, nonce);
      return c.html(cancelCheckPage({ lang, nonce, update: u }));
    }
    await cancelUpdate(c.env, u.id, await dashboardActor(c));
    return c.redirect(inLang(u.status === 'draft' ? `/admin/updates?discarded=${u.id}` : `/admin/updates/${u.id}?stopped`, lang), 303);
  }),
);

updatesDashboard.post('/admin/updates/suppressions/lift', async (c) => {
  const values = await formValues(c);
  const lang = formLang(c, values);
  const t = UPDATES_ADMIN_STRINGS[lang];
  const hash = typeof values.hash === 'string' && /^[0-9a-f]{64}$/.test(values.hash) ? values.hash : '';
  // Asked first, on a page of its own (its button posts confirm=yes): a stray click lifts nothing.
  if (hash && values.confirm !== 'yes') {
    const row = await c.env.DB.prepare('SELECT reason, created_at FROM email_suppressions WHERE address_hash = ?').bind(hash).first<{ reason: string; created_at: string }>();
    if (row) {
      const nonce = crypto.randomUUID();
      securePage(c, nonce);
      return c.html(liftCheckPage({ lang, nonce, hash, reason: row.reason, since: row.created_at }));
    }
  }
  const lifted = hash ? await liftSuppression(c.env, hash, await dashboardActor(c)) : false;
  return indexPage(c, { lang }, lifted ? 200 : 400, { notice: lifted ? t.lifted(hash.slice(0, 12)) : t.liftNotFound });
});

updatesDashboard.post('/admin/updates/suppressions/lookup', async (c) => {
  const values = await formValues(c);
  const lang = formLang(c, values);
  const t = UPDATES_ADMIN_STRINGS[lang];
  // As pledges store it: an internationalised domain in its ASCII form.
  const email = typeof values.email === 'string' ? asciiEmail(values.email.trim().toLowerCase()) : '';
  const check = draftSchema.shape.test_to.safeParse(email || 'missing');
  if (!check.success || !check.data) {
    return indexPage(c, { lang }, 422, { values, errors: { suppress: [email ? t.addressFormat : t.addressMissing] } });
  }
  if (values.action === 'suppress') {
    // Asked first, on a page of its own (its button posts confirm=yes), as lifting is: a stray
    // click suppresses nothing. An address already on the list is not asked about: said at once.
    if (values.confirm !== 'yes' && !(await isSuppressed(c.env, check.data))) {
      const nonce = crypto.randomUUID();
      securePage(c, nonce);
      return c.html(suppressCheckPage({ lang, nonce, email: check.data }));
    }
    const added = await addSuppression(c.env, check.data, await dashboardActor(c));
    return indexPage(c, { lang }, 200, { notice: added ? t.nowSuppressed : t.alreadySuppressed });
  }
  if (values.action === 'unsubscribe') {
    // An unsubscribe request by mail (UNSUBSCRIBE_MAILBOX): the updates stop, as the email's own link stops them.
    const { results } = await c.env.DB.prepare(`SELECT id FROM pledges WHERE email = ? AND status != 'withdrawn'`).bind(check.data).all<{ id: string }>();
    if (results.length) await stopUpdatesFor(c.env, check.data, results.map((p) => p.id), await dashboardActor(c));
    // Not found: what was typed stays in its field, to correct.
    return indexPage(c, { lang }, results.length ? 200 : 422, results.length ? { notice: t.updatesStopped(results.length) } : { values, errors: { suppress: [t.noPledgeForAddress] } });
  }
  // (Listed under its mailbox, or under the exact address as suppressions recorded before mailboxes were folded.)
  const row = await c.env.DB.prepare('SELECT address_hash AS hash, reason, created_at FROM email_suppressions WHERE address_hash IN (SELECT value FROM json_each(?))')
    .bind(JSON.stringify(await addressHashes(c.env, check.data)))
    .first<{ hash: string; reason: string; created_at: string }>();
  // Not suppressed is not "gets updates": an address whose pledger unsubscribed is not on the list either.
  const mine = row
    ? null
    : await c.env.DB.prepare(
        // Who gets updates is the audience's rule (queries.ts): confirmed, not flagged, asked for them.
        `SELECT count(*) AS pledges, coalesce(sum(updates = 1 AND status = 'confirmed' AND flagged = 0), 0) AS getting,
                coalesce(sum(updates = 1 AND status = 'pending' AND flagged = 0), 0) AS waiting
         FROM pledges WHERE email = ? AND status != 'withdrawn'`,
      )
        .bind(check.data)
        .first<{ pledges: number; getting: number; waiting: number }>();
  // The address stays in its field: stopping its updates or suppressing it is often the next press.
  return indexPage(c, { lang }, 200, {
    values: { email: typeof values.email === 'string' ? values.email : '' },
    notice: row ? t.isSuppressed(row.reason, t.day(row.created_at), row.hash.slice(0, 12)) : t.notSuppressed(mine?.pledges ?? 0, mine?.getting ?? 0, mine?.waiting ?? 0),
  });
});
