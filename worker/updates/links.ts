/**
 * The links in every update.
 *
 * `/unsubscribe?t=…`: GET shows one button and changes nothing (mail scanners open links). A POST
 * unsubscribes at once, with no cookie and no confirmation: the button's form, or a mail
 * client's RFC 8058 one-click POST (body `List-Unsubscribe=One-Click`, token in the URL).
 * Unsubscribing stops updates only: the pledge stays and counts.
 *
 * `/preferences?t=…`: keep informed on or off, the language of emails, and a way to withdraw.
 *
 * Tokens are signed, expiring and bound to their action (worker/platform/tokens.ts): an
 * unsubscribe token neither confirms nor withdraws, and a preferences token does not unsubscribe.
 * The pages they open lead on (unsubscribed → preferences → withdrawal), as every email from the
 * coalition offers withdrawal: whoever holds a pledger's email, a forwarded one included, can
 * withdraw the pledge (README, "Updates").
 */
import { Hono, type Context } from 'hono';
import { pickLang } from '../../src/i18n/index.ts';
import { ROLES, type Lang, type Role } from '../../src/pledge-fields.ts';
import { askedLang, langFor, linkLang } from '../platform/accept-language.ts';
import { linkOutcomeSwitchHref, otherLangHref } from '../platform/pages/lang-switch.ts';
import { actionsUrl, preferencesUrl, withdrawUrl } from '../resources/links.ts';
import { setReminders } from '../resources/queries.ts';
import { readForm } from '../platform/body.ts';
import { securePage } from '../platform/pages/secure-page.ts';
import { checkPledgeToken } from '../pledges/link-token.ts';
import type { Html } from '../platform/pages/layout.ts';
import { NO_PLEDGE_READERS } from './emails.ts';
import { isSuppressed } from './consent.ts';
import { UPDATE_STRINGS } from './strings.ts';
import { errorResponse } from '../platform/errors.ts';
import { preferencesPage, problemPage, unsubscribedPage, unsubscribePage, type LinkProblem, type PreferencesState } from './pages.ts';

type C = Context<{ Bindings: Env }>;

export const updateLinks = new Hono<{ Bindings: Env }>();

function render(c: C, body: (nonce: string) => Html, status: 200 | 400 | 410 | 422 = 200) {
  const nonce = crypto.randomUUID();
  securePage(c, nonce);
  return c.html(body(nonce), status);
}

async function pledgeFor(db: D1Database, id: string) {
  return db
    .prepare('SELECT id, email, lang, updates, reminders, status, role, partner_id AS partner FROM pledges WHERE id = ?')
    .bind(id)
    .first<{ id: string; email: string; lang: string; updates: number; reminders: number; status: string; role: Role; partner: string }>();
}

/** Whether the yearly renewal email will come: on for the pledge, and its address not on the suppression list. */
async function yearlyComes(env: Env, pledge: { email: string; reminders: number }): Promise<boolean> {
  return pledge.reminders === 1 && !(await isSuppressed(env, pledge.email));
}

/**
 * Stops updates for a pledge at once, including any already queued for it, and its 30-day check-in
 * (which goes only to those who want updates; the check when it is composed reads the same flag).
 */
export async function unsubscribe(db: D1Database, pledgeId: string): Promise<void> {
  await db.batch([
    // (and from any newer details still waiting for their confirmation: store.ts, replaceWaiting)
    db.prepare(`UPDATE pledges SET updates = 0, next_details = json_set(next_details, '$.updates', 0) WHERE id = ? AND status != 'withdrawn'`).bind(pledgeId),
    db
      .prepare(`UPDATE email_outbox SET status = 'cancelled', last_error = 'unsubscribed', updated_at = ? WHERE pledge_id = ? AND kind IN ('update', 'checkin')
                 AND (status = 'queued' OR (status = 'sending' AND sent_at IS NULL))`) // (claimed, not yet handed over: see send-outbox.ts)
      .bind(new Date().toISOString(), pledgeId),
  ]);
}

/** The posted form's fields (a body cut off on its way is the 400 every route gives, not an empty form). */
async function formOf(c: C): Promise<Record<string, string>> {
  return (await readForm(c)) ?? {};
}

/**
 * The page in the other language: a GET's own URL; after a POST (which has no URL of its own), the
 * link's page (its path, its token) with `?lang=`, which says the same and changes nothing.
 */
const switchFor = (c: C, lang: Lang, token: string) =>
  c.req.method === 'GET' ? otherLangHref(c.req.url, lang) : linkOutcomeSwitchHref(c.req.url, c.req.path, token, lang);

/** `partner`: a withdrawn pledge's society, so "sign the pledge" goes through it again. */
const problem = (c: C, lang: Lang, reason: LinkProblem, token: string, partner?: string) =>
  render(c, (n) => problemPage(lang, reason, n, switchFor(c, lang, token), partner), reason === 'test' ? 200 : reason === 'invalid' ? 400 : 410);

/** No pledge behind a valid link: a test email's (it changes nothing), or a withdrawn pledge's. */
const missing = (pledgeId: string): LinkProblem => (NO_PLEDGE_READERS.has(pledgeId) ? 'test' : 'gone');

updateLinks.get('/unsubscribe', async (c) => {
  const token = c.req.query('t') ?? '';
  const check = await checkPledgeToken(c.env, token, 'unsubscribe', c.req.url);
  const fallback = langFor(c.req.query('lang'), c.req.header('Accept-Language'));
  if (!check.ok) return problem(c, fallback, check.reason, token);
  const pledge = await pledgeFor(c.env.DB, check.pledgeId);
  const lang = linkLang(askedLang(c.req.query('lang')), pledge, c.req.header('Accept-Language'));
  // A withdrawn pledge gets nothing, updates included: say that, not that it "stays and counts".
  if (!pledge || pledge.status === 'withdrawn') return problem(c, lang, missing(check.pledgeId), token, pledge?.partner);
  // Already unsubscribed (the link opened again, or the mail client's one-click did it): say so,
  // rather than offer a button that would change nothing.
  if (pledge.updates === 0) {
    const preferences = await preferencesUrl(c.env, check.pledgeId, lang);
    const yearly = await yearlyComes(c.env, pledge);
    return render(c, (n) => unsubscribedPage(lang, preferences, n, switchFor(c, lang, token), yearly));
  }
  const yearly = await yearlyComes(c.env, pledge);
  return render(c, (n) => unsubscribePage(lang, token, n, otherLangHref(c.req.url, lang), yearly));
});

updateLinks.post('/unsubscribe', async (c) => {
  const form = await formOf(c);
  const oneClick = form['List-Unsubscribe'] === 'One-Click';
  const token = c.req.query('t') ?? form.t ?? '';
  const check = await checkPledgeToken(c.env, token, 'unsubscribe', c.req.url);
  const fallback = langFor(c.req.query('lang'), c.req.header('Accept-Language')); // the page's language (its form's ?lang=), else the browser's
  if (!check.ok) {
    // A mail client's one-click POST: the service's one error envelope, in the link's language (else the client's).
    if (oneClick) {
      const s = UPDATE_STRINGS[fallback];
      const invalid = check.reason === 'invalid';
      return errorResponse(c, invalid ? 400 : 410, invalid ? 'invalid_link' : 'expired_link', invalid ? `${s.invalidHeading}. ${s.invalidBody}` : `${s.expiredHeading}. ${s.expiredBody}`);
    }
    return problem(c, fallback, check.reason, token);
  }
  await unsubscribe(c.env.DB, check.pledgeId);
  // A mail client's one-click POST wants no page: a plain 200 is the whole answer, in the link's language (else the client's).
  if (oneClick) {
    c.header('Cache-Control', 'no-store');
    return c.text(UPDATE_STRINGS[fallback].unsubscribedOneClick, 200);
  }
  const pledge = await pledgeFor(c.env.DB, check.pledgeId);
  // In the language the page was read in (its form says so), else the pledge's.
  const lang = linkLang(askedLang(c.req.query('lang')), pledge, c.req.header('Accept-Language'));
  if (!pledge || pledge.status === 'withdrawn') return problem(c, lang, missing(check.pledgeId), token, pledge?.partner);
  const preferences = await preferencesUrl(c.env, check.pledgeId, lang);
  const switchHref = linkOutcomeSwitchHref(c.req.url, '/unsubscribe', token, lang);
  const yearly = await yearlyComes(c.env, pledge);
  return render(c, (n) => unsubscribedPage(lang, preferences, n, switchHref, yearly));
});

/**
 * The preferences page, in the language the link or the form asks for (`page.lang`: its
 * `?lang=`), else the pledge's, with a switch to the other (after a save, to the link's own page).
 */
async function showPreferences(c: C, token: string, pledgeId: string, saved: boolean, fallback: Lang, errors: PreferencesState['errors'] | undefined, page: { lang: Lang | undefined; switch: boolean }) {
  const pledge = await pledgeFor(c.env.DB, pledgeId);
  // A withdrawn pledge keeps its language: its page in it, as /unsubscribe's and /withdraw's (linkLang); none left, the fallback.
  if (!pledge || pledge.status === 'withdrawn') return problem(c, page.lang ?? (pledge ? pickLang(pledge.lang) : fallback), missing(pledgeId), token, pledge?.partner);
  const lang = pickLang(pledge.lang);
  const shown = page?.lang ?? lang;
  const withdraw = await withdrawUrl(c.env, pledge.id, shown);
  // A pledger who asked for no updates gets no email with this link for a year: the page every email links to has it.
  const actions = pledge.status === 'confirmed' ? await actionsUrl(c.env, pledge.id, shown) : undefined;
  const paused = await isSuppressed(c.env, pledge.email);
  // After a save: the link's own page in the other language (it shows what is now saved). Not with
  // its errors: a form re-shown with them offers no switch, as every form's does.
  const switchHref = page.switch ? otherLangHref(c.req.url, shown) : saved ? linkOutcomeSwitchHref(c.req.url, '/preferences', token, shown) : undefined;
  return render(
    c,
    (n) => preferencesPage({ lang, pageLang: shown, ...(switchHref ? { switchHref } : {}), token, updates: Boolean(pledge.updates), reminders: pledge.reminders === 1, role: pledge.role, pending: pledge.status !== 'confirmed', paused, withdrawUrl: withdraw, ...(actions ? { actionsUrl: actions } : {}), saved, errors }, n),
    errors ? 422 : 200,
  );
}

updateLinks.get('/preferences', async (c) => {
  const token = c.req.query('t') ?? '';
  const fallback = langFor(c.req.query('lang'), c.req.header('Accept-Language'));
  const check = await checkPledgeToken(c.env, token, 'preferences', c.req.url);
  if (!check.ok) return problem(c, fallback, check.reason, token);
  return showPreferences(c, token, check.pledgeId, false, fallback, undefined, { lang: askedLang(c.req.query('lang')) /* the link's own `?lang=`, if we speak it: the page follows it */, switch: true });
});

updateLinks.post('/preferences', async (c) => {
  const form = await formOf(c);
  const token = form.t ?? '';
  // The page's language: its form's `?lang=` (the reader's choice, not the emails' language field).
  const page = { lang: askedLang(c.req.query('lang')) /* the link's own `?lang=`, if we speak it: the page follows it */, switch: false };
  const fallback = page.lang ?? langFor(form.lang, c.req.header('Accept-Language'));
  const check = await checkPledgeToken(c.env, token, 'preferences', c.req.url);
  if (!check.ok) return problem(c, fallback, check.reason, token);
  // Radios arrive as 'yes'/'no' and 'en'/'es'; a missing one leaves that preference as it was,
  // and any other value is refused (422, the page saying which) with nothing saved.
  const errors = {
    updates: form.updates !== undefined && form.updates !== 'yes' && form.updates !== 'no',
    reminders: form.reminders !== undefined && form.reminders !== 'yes' && form.reminders !== 'no',
    lang: form.lang !== undefined && form.lang !== 'en' && form.lang !== 'es',
    role: form.role !== undefined && !(ROLES as readonly string[]).includes(form.role),
  };
  if (errors.updates || errors.reminders || errors.lang || errors.role) return showPreferences(c, token, check.pledgeId, false, fallback, errors, page);
  if (form.updates === 'no') await unsubscribe(c.env.DB, check.pledgeId);
  else if (form.updates === 'yes') {
    await c.env.DB.prepare(`UPDATE pledges SET updates_later = updates_later OR updates = 0, updates = 1, next_details = json_set(next_details, '$.updates', 1) WHERE id = ? AND status != 'withdrawn'`).bind(check.pledgeId).run();
  }
  if (form.reminders === 'yes' || form.reminders === 'no') await setReminders(c.env.DB, check.pledgeId, form.reminders === 'yes');
  // The language, and a new role (the next steps, check-ins and counts by role follow it from now on), in one write;
  // one left out stays as it was.
  if (form.lang !== undefined || form.role !== undefined) {
    // The same in any newer details still waiting for their confirmation (store.ts, replaceWaiting): a choice made here
    // through the person's own link is not undone when they become the pledge's.
    await c.env.DB.prepare(
      `UPDATE pledges SET lang = coalesce(?1, lang), role = coalesce(?2, role),
         next_details = json_set(next_details, '$.lang', coalesce(?1, next_details ->> 'lang'), '$.role', coalesce(?2, next_details ->> 'role'))
       WHERE id = ?3 AND status != 'withdrawn'`,
    )
      .bind(form.lang ?? null, form.role ?? null, check.pledgeId)
      .run();
  }
  return showPreferences(c, token, check.pledgeId, true, fallback, undefined, page);
});

/**
 * Stops what Postmark's broadcast stream carries for every pledge of `address`: updates, as its own
 * unsubscribe link would (and the 30-day check-in with them; off, too, in newer details still waiting for
 * their confirmation, whatever the pledge has now), and the yearly renewal email, which goes
 * out on that stream too (it carries List-Unsubscribe) and which Postmark now refuses to send, so it is
 * not left on to fail next year while the preferences page says it will come. How many pledges it changed.
 */
export async function unsubscribeAddress(db: D1Database, address: unknown): Promise<number> {
  if (typeof address !== 'string' || !address.includes('@')) return 0;
  const { results } = await db
    .prepare(
      `SELECT id, reminders FROM pledges WHERE email = ? AND status != 'withdrawn' AND (updates = 1 OR reminders = 1 OR next_details ->> 'updates' = 1)`,
    )
    .bind(address.trim().toLowerCase())
    .all<{ id: string; reminders: number }>();
  for (const { id, reminders } of results) {
    // (updates off in newer details still waiting for their confirmation too, or confirming them would turn them on)
    await unsubscribe(db, id);
    if (reminders === 1) await setReminders(db, id, false);
  }
  return results.length;
}
