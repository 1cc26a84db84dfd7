import { Hono, type Context } from 'hono';
import type { Lang } from '../../src/pledge-fields.ts';
import { asciiEmail } from '../../src/ascii-email.ts';
import { sameSecret } from '../platform/admin-auth.ts';
import { endSession, isMaintainer, startSession } from '../platform/admin-session.ts';
import { campaignStats } from './reports.ts';
import { changePartner, listPartners, type PartnerChange } from '../partners/admin.ts';
import type { AddSocietyForm } from './page.ts';
import { alsoContactText, dashboardPage, eraseCheckPage, eraseRequestCheckPage, keptDraftPage, partnerCheckPage, signInPage, type KeptDraft } from './page.ts';
import { ADMIN_STRINGS } from './strings.ts';
import { formatNumber, formLang, inLang } from '../platform/pages/locale.ts';
import { securePage } from '../platform/pages/secure-page.ts';
import { formPageSwitchHref, otherLangHref } from '../platform/pages/lang-switch.ts';
import { requestLang } from '../platform/request-errors.ts';
import { displayName, origin, PartnerRuleError, partnerId, ruleMessage } from '../partners/rules.ts';
import { pledgesCsv } from './api.ts';
import { eraseFlagged, findFlagged, flaggedPledges, MAX_RELEASE, releaseFlagged } from '../pledges/review.ts';
import { pledgeOfAddress, withdrawPledge } from '../pledges/status.ts';
import { requestsWithContact } from '../organizations/queries.ts';
import { dataKeptAbout, sameMailboxPledges } from './data-copy.ts';
import { sendGivenUpAgain } from './given-up.ts';
import { mailboxKey } from '../pledges/abuse.ts';
import { suppressedAmong, suppressionOf } from '../updates/consent.ts';
import { readForm, readFormEntries } from '../platform/body.ts';
import { wantsPage } from '../platform/pages/not-found.ts';
import { overLimit } from '../pledges/abuse.ts';
import { isDevelopment } from '../platform/dev-mode.ts';

type C = Context<{ Bindings: Env }>;

/**
 * `/admin`: the maintainers' dashboard. Signing in with ADMIN_TOKEN starts a short session
 * (HttpOnly, SameSite=Strict cookie); every change is a POST from the dashboard's own origin.
 * A GET's page speaks the request's language (`?lang=`, else Accept-Language); a POST answers
 * in its form's hidden `lang`, and every redirect keeps it.
 */
export const adminDashboard = new Hono<{ Bindings: Env }>();

/**
 * The dashboard, or the sign-in form without a session. `switchHref`: a GET's own page in the other
 * language; after a POST, the dashboard at the form's section (`formPageSwitchHref`), unless the
 * page keeps what was typed with its errors (`add`).
 */
/** `notice` may be read only once the session is known (`() => …`): a GET's answer to a change done (`?done=`). */
async function render(c: C, lang: Lang, status: 200 | 400 | 401 | 404 | 409, notice?: string | (() => Promise<string>), getSwitchHref?: string, problemHref?: string, add?: AddSocietyForm) {
  const switchHref = getSwitchHref ?? (c.req.method === 'POST' && !add ? formPageSwitchHref('/admin', lang, c.req.path === '/admin/flagged' ? '#flagged' : c.req.path === '/admin/erase-request' || c.req.path === '/admin/data-request' ? '#erase-request' : c.req.path === '/admin/emails/send-again' ? '#given-up' : '#partners') : undefined);
  const nonce = crypto.randomUUID();
  securePage(c, nonce);
  // Just signed out (the sign-out's redirect says so): the sign-in page tells them it worked.
  const signedOut = c.req.method === 'GET' && c.req.query('signed-out') !== undefined ? ADMIN_STRINGS[lang].signedOut : undefined;
  if (!(await isMaintainer(c))) return c.html(signInPage(lang, nonce, undefined, switchHref, signedOut), 200);
  const [stats, partners, flagged, said] = await Promise.all([
    campaignStats(c.env.DB),
    listPartners(c.env.DB),
    flaggedPledges(c.env.DB),
    typeof notice === 'function' ? notice() : notice,
  ]);
  return c.html(dashboardPage(lang, stats, partners, flagged, nonce, said, switchHref, status >= 400, problemHref, add), status);
}

/**
 * A change refused for want of a session (it ended, or never began), from the dashboard's own
 * origin. A person's browser gets the sign-in page saying so, in the form's language (else the
 * browser's), so signing in again is one step; a script gets the sentence as text.
 */
export async function signInFirst(c: C): Promise<Response> {
  if (!wantsPage(c)) return c.text(ADMIN_STRINGS[requestLang(c)].signInFirst, 403);
  // From the dashboard's own origin (checked first by every caller): its form's language may be read.
  const lang = formLang(c, (await readForm(c).catch(() => null)) ?? {});
  const nonce = crypto.randomUUID();
  securePage(c, nonce);
  // An update being written when the session ended: what was typed goes through the sign-in.
  const path = new URL(c.req.url).pathname;
  const kept = await keptFrom(c, path, '');
  const s = ADMIN_STRINGS[lang];
  return c.html(signInPage(lang, nonce, undefined, undefined, kept ? s.sessionEndedDraft[kept.what] : s.sessionEnded, kept), 403);
}

/**
 * The forms whose typing a sign-in keeps: a new update and a draft's edit, and a resource added or
 * edited (its `save`). Sends, tests, cancels and the rest are short, or irreversible: asked again.
 */
const KEPT_FORMS: { what: KeptDraft['what']; path: RegExp; fields: ReadonlySet<string>; typed: RegExp; action?: string }[] = [
  {
    what: 'update',
    path: /^\/admin\/updates(?:\/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\/edit)?$/,
    fields: new Set(['subject_en', 'subject_es', 'body_en', 'body_es', 'partners', 'roles', 'langs', 'draft_id', 'revision']),
    typed: /^(subject|body)_(en|es)$/,
  },
  {
    what: 'resource',
    path: /^\/admin\/resources$/,
    fields: new Set(['action', 'id', 'title', 'url', 'summary', 'step', 'kind', 'roles', 'lang', 'partner', 'position']),
    typed: /^(title|url|summary|step)$/,
    action: 'save',
  },
];

/**
 * A posted draft's fields (each `prefix`ed: `keep.` on the sign-in form), every value of a
 * repeated one (the audience's boxes), or undefined when nothing was typed in it.
 */
async function keptFrom(c: C, then: string, prefix: string): Promise<KeptDraft | undefined> {
  const kind = KEPT_FORMS.find((f) => f.path.test(then));
  if (!kind) return undefined;
  const form = await readFormEntries(c).catch(() => null);
  if (!form) return undefined;
  const fields: [string, string][] = [];
  for (const [key, value] of form) {
    const name = key.startsWith(prefix) ? key.slice(prefix.length) : '';
    if (kind.fields.has(name)) fields.push([name, value]);
  }
  if (kind.action && !fields.some(([k, v]) => k === 'action' && v === kind.action)) return undefined;
  const typed = fields.some(([k, v]) => kind.typed.test(k) && v.trim() !== '');
  return typed ? { what: kind.what, then, fields } : undefined;
}

/**
 * Every dashboard change's first check: from another site (or none), refused as text (saying
 * so, signed in or not), nothing posted read; without a session, `signInFirst`. Null when the change may go ahead.
 */
export async function refuseChange(c: C): Promise<Response | null> {
  if (!sameOrigin(c)) return c.text(ADMIN_STRINGS[requestLang(c)].sameOriginOnly, 403);
  return (await isMaintainer(c)) ? null : signInFirst(c);
}

/** Changes must come from the dashboard itself (with SameSite=Strict, a second lock against CSRF). */
export function sameOrigin(c: C): boolean {
  return c.req.header('Origin') === new URL(c.req.url).origin;
}


adminDashboard.get('/admin', (c) => {
  const lang = requestLang(c);
  // After a change was done (Post/Redirect/Get: a reload posts nothing again), what was done, once signed in: a pledger's
  // erase request, a release of held pledges, or a flagged pledge erased from the list.
  const done = c.req.query('done');
  const notice =
    done === 'erased' ? () => erasedNotice(c, lang) : done === 'released' ? releasedNotice(c, lang) : done === 'erased-flagged' ? ADMIN_STRINGS[lang].erased : undefined;
  return render(c, lang, 200, notice, otherLangHref(c.req.url, lang));
});

/**
 * What a release's redirect leads to: how many were released (`released`) and how many of those get no email, their
 * address on the suppression list (`suppressed`). Counts only, never whose; none when they cannot be a release's.
 */
function releasedNotice(c: C, lang: Lang): string | undefined {
  const count = (name: string, absent?: number) => {
    const v = c.req.query(name);
    return v === undefined ? absent : /^[0-9]{1,3}$/.test(v) ? Number(v) : undefined;
  };
  const n = count('released');
  const k = count('suppressed', 0);
  if (n === undefined || k === undefined || n < 1 || n > MAX_RELEASE || k > n) return undefined;
  const s = ADMIN_STRINGS[lang];
  return k ? s.releasedSuppressed(n, k) : s.released(n);
}

/**
 * What an erase request's redirect leads to: that it was done, and the organization requests (`contact`, their ids: never
 * the address) whose contact the address was, while they still keep one, with the way to erase it too.
 */
async function erasedNotice(c: C, lang: Lang): Promise<string> {
  const ids = (c.req.queries('contact') ?? []).filter((id) => /^[0-9a-f-]{36}$/.test(id)).slice(0, 20);
  const { results } = ids.length
    ? await c.env.DB.prepare(
        `SELECT name FROM organizations WHERE id IN (SELECT value FROM json_each(?)) AND status != 'withdrawn' AND contact_email IS NOT NULL ORDER BY created_at, id`,
      )
        .bind(JSON.stringify(ids))
        .all<{ name: string }>()
    : { results: [] };
  const kept = results.map((r) => r.name);
  const s = ADMIN_STRINGS[lang];
  // What stays (`held`: a pledge held for review, never counted; `suppressed`: the address on the suppression list).
  const stays = `${s.erasedRequestKept(c.req.query('held') !== undefined)}${c.req.query('suppressed') !== undefined ? ` ${s.erasedRequestSuppressed}` : ''}`;
  return `${s.erasedRequest} ${stays}${kept.length ? ` ${alsoContactText(lang, kept)}` : ''}`;
}

adminDashboard.post('/admin/sign-in', async (c) => {
  const form = (await readForm(c)) ?? {};
  const lang = formLang(c, form);
  // Spaces around it are a paste's, never the token's (a secret is a run of characters without them).
  const token = typeof form.token === 'string' ? form.token.trim() : '';
  // Attempts from one network, counted before the token is compared: past the limit, guessing gets no answer, right or wrong.
  // Only attempts that could succeed count: one posted from another site (refused whatever its token) or with no token
  // at all is refused without spending the network's attempts, so a page a maintainer visits cannot lock them out.
  const counted = sameOrigin(c) && token !== '';
  const limited = counted && (await overLimit(c.env, 'admin', c.req.header('CF-Connecting-IP'), c.req.url));
  if (limited || !c.env.ADMIN_TOKEN || !sameOrigin(c) || !token || !(await sameSecret(token, c.env.ADMIN_TOKEN))) {
    const nonce = crypto.randomUUID();
    securePage(c, nonce);
    const s = ADMIN_STRINGS[lang];
    // Only the kind of failure is logged: never the token typed, nor the address.
    if (c.env.ADMIN_TOKEN) console.warn(JSON.stringify({ event: 'admin_sign_in_refused', reason: limited ? 'rate_limited' : !sameOrigin(c) ? 'origin' : 'token' }));
    if (limited) {
      c.header('Retry-After', '60');
      return c.html(signInPage(lang, nonce, s.tooManySignIns, undefined, undefined, sameOrigin(c) ? await keptDraft(c, form) : undefined), 429);
    }
    const error = !c.env.ADMIN_TOKEN ? s.notConfigured : !sameOrigin(c) ? s.otherOrigin : token ? s.wrongToken : s.noToken;
    // A draft carried here stays with the form for the next try (never from another site's page).
    // From another site: 403, as every POST /admin/… from another site (the page still says why);
    // with no admin access configured, 401 and that message from anywhere (the status follows the message).
    const status = error === s.otherOrigin ? 403 : 401;
    return c.html(signInPage(lang, nonce, error, undefined, undefined, sameOrigin(c) ? await keptDraft(c, form) : undefined), status);
  }
  await startSession(c);
  const kept = await keptDraft(c, form);
  if (kept) {
    const nonce = crypto.randomUUID();
    securePage(c, nonce);
    return c.html(keptDraftPage(lang, nonce, kept), 200);
  }
  return c.redirect(inLang('/admin', lang), 303);
});

/** The draft a sign-in form carries (`then` and its `keep.` fields), when `then` is a form that keeps one. */
const keptDraft = (c: C, form: Record<string, string>) => (typeof form.then === 'string' ? keptFrom(c, form.then, 'keep.') : Promise.resolve(undefined));

/** Ends the session on the server as well as in this browser; only the dashboard itself may ask. */
adminDashboard.post('/admin/sign-out', async (c) => {
  if (!sameOrigin(c)) return c.text(ADMIN_STRINGS[requestLang(c)].signOutHere, 403);
  const lang = formLang(c, (await readForm(c)) ?? {});
  await endSession(c);
  return c.redirect(inLang('/admin?signed-out', lang), 303);
});

adminDashboard.get('/admin/pledges.csv', async (c) => {
  if (!(await isMaintainer(c))) return c.redirect(inLang('/admin', requestLang(c)), 303);
  return pledgesCsv(c);
});

adminDashboard.post('/admin/partners', async (c) => {
  const refused = await refuseChange(c);
  if (refused) return refused;
  const form = (await readForm(c)) ?? {};
  const lang = formLang(c, form);
  const s = ADMIN_STRINGS[lang];
  const field = (name: string) => (typeof form[name] === 'string' ? (form[name] as string) : undefined);
  let change: PartnerChange;
  const action = field('action');
  if (action === 'add') {
    // Both fields checked, each problem said beside its field, and what was typed kept.
    const add: AddSocietyForm = { values: { id: field('id') ?? '', name: field('name') ?? '' }, errors: {} };
    const check = <T>(fn: () => T, key: 'id' | 'name'): T | undefined => {
      try {
        return fn();
      } catch (err) {
        if (!(err instanceof PartnerRuleError)) throw err;
        add.errors[key] = ruleMessage(err.problem, lang);
        return undefined;
      }
    };
    const id = check(() => partnerId(add.values.id), 'id');
    const name = check(() => displayName(add.values.name), 'name');
    if (id === undefined || name === undefined) {
      const first = add.errors.id ? 'id' : 'name';
      return render(c, lang, 400, add.errors[first], undefined, `#new-${first}`, add);
    }
    if ((await changePartner(c.env.DB, { action, id, name })) === 'exists') {
      // The same society with the same name: this form sent again (a reload of the page that said "Saved"), not a clash.
      const same = (await c.env.DB.prepare('SELECT name FROM partners WHERE id = ?').bind(id).first<string>('name')) === name;
      if (same) return render(c, lang, 200, s.unchanged({ action, id }));
      return render(c, lang, 409, s.partnerExists(id), undefined, '#new-id', { ...add, errors: { id: s.partnerExists(id) } });
    }
    return render(c, lang, 200, s.saved({ action, id }));
  }
  try {
    const id = partnerId(field('id'));
    if (action === 'add-origin' || action === 'remove-origin') {
      try {
        change = { action, id, origin: origin(field('origin'), { publicOnly: action === 'add-origin' && !isDevelopment(c.env, c.req.url) }) };
      } catch (err) {
        if (!(err instanceof PartnerRuleError) || action !== 'add-origin') throw err;
        // A typed origin refused: said beside its field, which keeps what was typed; the summary links there.
        const error = ruleMessage(err.problem, lang);
        return render(c, lang, 400, error, undefined, `#origin-${id}`, { values: { id: '', name: '' }, errors: {}, origin: { id, value: field('origin') ?? '', error } });
      }
    }
    else if (action === 'disable' || action === 'enable') change = { action, id };
    else return render(c, lang, 400, s.chooseAction);
  } catch (err) {
    if (err instanceof PartnerRuleError) return render(c, lang, 400, ruleMessage(err.problem, lang));
    throw err;
  }
  // A change that stops pledges asks first, on a page of its own (its button posts confirm=yes).
  if ((change.action === 'disable' || change.action === 'remove-origin') && field('confirm') !== 'yes') {
    const partner = (await listPartners(c.env.DB)).find((p) => p.id === change.id);
    const origin = 'origin' in change ? change.origin : '';
    const applies = partner && (change.action === 'disable' ? partner.active : partner.origins.includes(origin));
    if (partner && applies) {
      const nonce = crypto.randomUUID();
      securePage(c, nonce);
      return c.html(
        partnerCheckPage(lang, nonce, change.action === 'disable' ? { action: 'disable', id: change.id, name: partner.name } : { action: 'remove-origin', id: change.id, origin }),
      );
    }
  }
  const outcome = await changePartner(c.env.DB, change);
  if (outcome === 'no_such_partner') return render(c, lang, 404, s.noSuchPartner(change.id, change.action === 'add-origin'));
  if (outcome === 'exists') return render(c, lang, 409, s.partnerExists(change.id));
  const said = { action: change.action, id: change.id, ...('origin' in change ? { origin: change.origin } : {}) };
  return render(c, lang, 200, outcome === 'unchanged' ? s.unchanged(said) : s.saved(said));
});

/** Releases one flagged pledge, or every one the per-address limit flagged, or erases one: see pledges/review.ts. */
adminDashboard.post('/admin/flagged', async (c) => {
  const refused = await refuseChange(c);
  if (refused) return refused;
  const form = (await readForm(c)) ?? {};
  const lang = formLang(c, form);
  const s = ADMIN_STRINGS[lang];
  const id = typeof form.id === 'string' ? form.id.slice(0, 64) : '';
  const shown = typeof form.ids === 'string' ? form.ids.split(',').filter(Boolean) : [];
  // Erasing cannot be taken back: it asks first, on a page naming the address (its button posts confirm=yes).
  if (form.action === 'erase' && id) {
    if (form.confirm !== 'yes') {
      const row = await findFlagged(c.env.DB, id);
      if (!row) return render(c, lang, 409, s.erasedNone, undefined, '#flagged');
      const nonce = crypto.randomUUID();
      securePage(c, nonce);
      return c.html(eraseCheckPage(lang, nonce, row));
    }
    // Done: said by the dashboard's GET (Post/Redirect/Get), so a reload there does not ask again and hear "Nothing was erased".
    return (await eraseFlagged(c.env.DB, id)) ? c.redirect(inLang('/admin?done=erased-flagged', lang), 303) : render(c, lang, 409, s.erasedNone, undefined, '#flagged');
  }
  let released: number;
  let asked: string[];
  const since = new Date().toISOString();
  if (form.action === 'release' && id) released = await releaseFlagged(c.env, (asked = [id]));
  else if (form.action === 'release-limited' && shown.length) released = await releaseFlagged(c.env, (asked = shown), 'rate_limit');
  else return render(c, lang, 400, s.chooseAction, undefined, '#flagged');
  if (!released) return render(c, lang, 409, s.releasedNone, undefined, '#flagged');
  // Released to an address on the suppression list, a confirmation is queued but never goes: said, not "on its way".
  const suppressed = Math.min(released, (await suppressedAmong(c.env, await releasedAddresses(c.env.DB, asked, since))).size);
  // Done: said by the dashboard's GET (Post/Redirect/Get), so a reload there posts nothing again (where a reload of this
  // POST's answer would release nothing and say so as an error). Only counts go in the URL: no address, no id.
  const said: [string, string][] = [['done', 'released'], ['released', String(released)], ...(suppressed ? [['suppressed', String(suppressed)] as [string, string]] : [])];
  return c.redirect(inLang(`/admin?${new URLSearchParams(said)}`, lang), 303);
});

/** The addresses of those among `ids` released `since` then (so by this press), still waiting for confirmation. */
async function releasedAddresses(db: D1Database, ids: string[], since: string): Promise<string[]> {
  const { results } = await db
    .prepare(`SELECT email FROM pledges WHERE id IN (SELECT value FROM json_each(?)) AND flagged = 0 AND status = 'pending' AND released_at >= ?`)
    .bind(JSON.stringify(ids.slice(0, MAX_RELEASE)), since)
    .all<{ email: string }>();
  return results.map((r) => r.email);
}

/**
 * A pledger's request to the coalition to be erased (they cannot use their own withdraw link): their
 * address finds their pledge (one at most), a page names it and asks, and its button (confirm=yes)
 * withdraws it as that link does (withdrawPledge: name, address, organization and region erased at once).
 */
adminDashboard.post('/admin/erase-request', async (c) => {
  const asked = await addressAsked(c);
  if (asked instanceof Response) return asked;
  const { form, lang, s, email, keep } = asked;
  // The address may also be an organization request's contact, kept with the request (the organization's
  // record): withdrawing the pledge does not erase it, so the maintainer is told, with the way to.
  const [pledge, contactOf] = await Promise.all([pledgeOfAddress(c.env.DB, email), requestsWithContact(c.env.DB, email)]);
  const also = contactOf.length ? ` ${alsoContactText(lang, contactOf)}` : '';
  if (!pledge) return render(c, lang, 404, `${s.erasedRequestNone}${await sameMailboxText(c, lang, email)}${also}`, undefined, '#erase-email', keep);
  if (form.confirm !== 'yes') {
    // An address on the suppression list gets no email at all: the page says so before any button that would queue one.
    const suppressed = await suppressionOf(c.env, email);
    const nonce = crypto.randomUUID();
    securePage(c, nonce);
    return c.html(eraseRequestCheckPage(lang, nonce, email, pledge, contactOf, suppressed));
  }
  // A flagged pledge awaiting review was never counted nor emailed: erased as the flagged list erases it, not counted as withdrawn.
  // Either way on request, its mailbox's count of pledge emails (another pledge's, under a +tag) is forgotten at once, as README says.
  const mailbox = await mailboxKey(c.env, email);
  if (pledge.flaggedPending) await eraseFlagged(c.env.DB, pledge.id, mailbox);
  else await withdrawPledge(c.env.DB, pledge.id, mailbox);
  // The suppression entry is kept through erasure (what keeps the promise never to email it): the banner says so.
  const suppressed = await suppressionOf(c.env, email);
  // The one record that it was done from the dashboard, not by the pledger's own link: nothing of the person (no address, name or id).
  console.log(JSON.stringify({ event: 'pledge_erased_on_request', partner: pledge.partnerId, flagged: Boolean(pledge.flaggedPending) }));
  // Done: back to the dashboard by GET, which says so (a reload there posts nothing again, where a reload of this POST's
  // answer would ask to erase again and hear "no pledge is kept"). The address goes in no URL: the organization requests
  // it is the contact of go by their ids, for the page to name them.
  const contacts = contactOf.length
    ? (await c.env.DB.prepare(`SELECT id FROM organizations WHERE contact_email = ? AND status != 'withdrawn' ORDER BY created_at, id`).bind(email).all<{ id: string }>()).results
    : [];
  const said: [string, string][] = [['done', 'erased'], ...(pledge.flaggedPending ? [['held', '1'] as [string, string]] : []), ...(suppressed ? [['suppressed', '1'] as [string, string]] : [])];
  return c.redirect(inLang(`/admin?${new URLSearchParams([...said, ...contacts.map((o): [string, string] => ['contact', o.id])])}`, lang), 303);
});

/**
 * An address a person gave in their message, as pledges and organization requests store theirs: trimmed,
 * in lower case, its domain in ASCII form (`ana@MÜNCHEN.de` is `ana@xn--mnchen-3ya.de`).
 */
function typedAddress(typed: string): string {
  return asciiEmail(typed.trim().toLowerCase()).slice(0, 254);
}

/** After "nothing is kept" for `email`: the same mailbox's pledges under another +tag, if any (sameMailboxPledges). */
async function sameMailboxText(c: C, lang: Lang, email: string): Promise<string> {
  const others = await sameMailboxPledges(c.env.DB, email);
  return others.length ? ADMIN_STRINGS[lang].sameMailbox(new Intl.ListFormat(lang, { type: 'disjunction' }).format(others), others.length) : '';
}

/**
 * The address a maintainer entered for a person's request (to be erased, or for a copy of their data),
 * from the dashboard itself with a session; or the answer that refuses it (no session, another
 * origin, or no address: said beside the field, which keeps what was typed, so the page offers no
 * language switch, as with `add`).
 */
async function addressAsked(c: C) {
  const refused = await refuseChange(c);
  if (refused) return refused;
  const form = (await readForm(c)) ?? {};
  const lang = formLang(c, form);
  const s = ADMIN_STRINGS[lang];
  const email = typeof form.email === 'string' ? typedAddress(form.email) : '';
  const keep: AddSocietyForm = { values: { id: '', name: '' }, errors: {}, erase: typeof form.email === 'string' ? form.email.slice(0, 254) : '' };
  if (!email) return render(c, lang, 400, s.eraseRequestMissing, undefined, '#erase-email', keep);
  return { form, lang, s, email, keep };
}

/**
 * A person's request for a copy of what is kept about them (the right of access): their address, as
 * for an erase request, answers with one JSON file (data-copy.ts). Read only; from the dashboard itself
 * and with a session, as every change is, since the file is personal data.
 */
adminDashboard.post('/admin/data-request', async (c) => {
  const asked = await addressAsked(c);
  if (asked instanceof Response) return asked;
  const { lang, s, email, keep } = asked;
  const copy = await dataKeptAbout(c.env, email, lang);
  if (!copy) return render(c, lang, 404, `${s.dataCopyNone}${await sameMailboxText(c, lang, email)}`, undefined, '#erase-email', keep);
  // The one record that a copy was made: nothing of the person.
  console.log(JSON.stringify({ event: 'data_copy_made', pledge: Boolean(copy.pledge), organizations: copy.organization_requests.length }));
  return c.body(JSON.stringify(copy, null, 2), 200, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Disposition': `attachment; filename="rhec-data-copy-${copy.made_at.slice(0, 10)}.json"`,
    'Cache-Control': 'no-store',
  });
});

/** Emails given up on after every try, sent again once the provider is back (given-up.ts). */
adminDashboard.post('/admin/emails/send-again', async (c) => {
  const refused = await refuseChange(c);
  if (refused) return refused;
  const lang = formLang(c, (await readForm(c)) ?? {});
  const s = ADMIN_STRINGS[lang];
  const n = await sendGivenUpAgain(c.env.DB);
  console.log(JSON.stringify({ event: 'emails_sent_again', count: n }));
  return n ? render(c, lang, 200, s.givenUpSent(formatNumber(n, lang), n === 1)) : render(c, lang, 409, s.givenUpNoneLeft, undefined, '#given-up');
});
