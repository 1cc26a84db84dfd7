/**
 * The organizations' hosted pages: `/join` (+ `/join/thanks`), the email's links
 * (`/join/confirm`, `/join/withdraw`: a page on GET, the change on POST only, so a mail
 * scanner that opens a link changes nothing) and the public list at `/organizations`.
 */
import { FAILURES, failure, sentAsForm } from '../platform/pages/failure.ts';
import { shareTags } from '../impact/share-meta.ts';
import { REQUEST_ERRORS, requestLang } from '../platform/request-errors.ts';
import { Hono, type Context } from 'hono';
import { ORG_TYPES } from '../../src/organization-fields.ts';
import type { Lang } from '../../src/pledge-fields.ts';
import { regionCode } from '../../src/regions.ts';
import { securePage } from '../platform/pages/secure-page.ts';
import { linkOutcomeSwitchHref, otherLangHref } from '../platform/pages/lang-switch.ts';
import { checkToken } from '../platform/tokens.ts';
import { langFor } from '../platform/accept-language.ts';
import { limitBody, readForm } from '../platform/body.ts';
import { MAX_ORG_BODY_BYTES, purgeOrganizationList } from './api.ts';
import { organizationErrors, originMayAsk, originRefusal, takeOrganization } from './intake.ts';
import { joinFormPage, joinThanksPage, orgChangePage, orgLinkFormPage, orgLinkOutcomePage, organizationsPage, type OrgLinkOutcome } from './pages.ts';
import { answersDigest, answersForReview, changeAsked, answersSelfApplied, answersUnsent, applyContactChanges, memberEmailsFreeAt, nextAnswersDigest, approvedOrganizationCount, confirmationsLeft, confirmOrganization, countedThrough, findOrganization, publicOrganizations, stillCountedThroughAnother, withdrawOrganization, type OrganizationRow } from './queries.ts';
import { ORG_STRINGS } from './strings.ts';
import { crossSiteOrigin } from '../platform/cors.ts';
import { formatDay } from '../platform/pages/locale.ts';
import { enqueueEmails } from '../platform/outbox/enqueue.ts';

type C = Context<{ Bindings: Env }>;

export const organizationPages = new Hono<{ Bindings: Env }>();

function langOf(c: C, explicit?: string): Lang {
  return langFor(explicit, c.req.header('Accept-Language'));
}

function secure(c: C): string {
  const nonce = crypto.randomUUID();
  securePage(c, nonce);
  return nonce;
}

organizationPages.get('/join', async (c) => {
  // How many have joined, as /pledge says it (nothing when the count cannot be read: the link stays).
  const organizations = await approvedOrganizationCount(c.env.DB).catch(() => undefined);
  const nonce = secure(c);
  const partner = (c.req.query('partner') ?? '').slice(0, 32);
  const lang = langOf(c, c.req.query('lang'));
  // Shared (a society's newsletter, a hospital's intranet): a card, as the pledge and impact pages carry.
  const card = shareTags(c.env.PUBLIC_ORIGIN, lang, { path: `/join?lang=${lang}`, title: ORG_STRINGS[lang].joinHeading, description: ORG_STRINGS[lang].joinIntro });
  return c.html(joinFormPage({ partner, lang, values: {}, errors: {}, organizations }, nonce, otherLangHref(c.req.url, lang), card));
});

organizationPages.get('/join/thanks', (c) => {
  const lang = langOf(c, c.req.query('lang'));
  return c.html(joinThanksPage(lang, secure(c), otherLangHref(c.req.url, lang)));
});

organizationPages.post(
  '/join',
  limitBody(MAX_ORG_BODY_BYTES, (c) => failure(c, FAILURES.formTooLarge, REQUEST_ERRORS[requestLang(c)].tooLarge('request', MAX_ORG_BODY_BYTES))),
  async (c) => {
    if (!sentAsForm(c)) return failure(c, FAILURES.notForm);
    const form = await readForm(c);
    if (!form) return failure(c, FAILURES.badForm);
    const values: Record<string, string> = {};
    for (const [key, value] of Object.entries(form)) if (typeof value === 'string') values[key] = value;
    const lang = langOf(c, values.lang);
    const body = {
      partner: values.partner || undefined,
      name: values.name ?? '',
      type: values.type,
      website: values.website ?? '',
      region: values.region ?? '',
      size: values.size ?? '',
      contact: { name: values['contact.name'] ?? '', email: values['contact.email'] ?? '', title: values['contact.title'] ?? '' },
      commitment: values.commitment === 'yes',
      listPublicly: values.listPublicly === 'yes',
      lang,
    };
    const partner = (values.partner ?? '').slice(0, 32);
    // Posted from another site (one request per visitor's address, past the per-client limit): only
    // a page registered for a society may, and only for its own societies, as /pledge's rule.
    if (!(await originMayAsk(c.env.DB, crossSiteOrigin(c), body.partner))) {
      // With the form's other problems too: sent again from this page (this service's own), it is taken once they are put right.
      return c.html(joinFormPage({ partner, lang, values, errors: { ...organizationErrors(body, lang), form: [originRefusal(lang, body.partner)] } }, secure(c)), 422);
    }
    const result = await takeOrganization(c.env, body, lang, {
      ip: c.req.header('CF-Connecting-IP'),
      honeypot: Boolean(values.fax),
      requestUrl: c.req.url,
      waitUntil: (p) => c.executionCtx.waitUntil(p),
    });
    if (result.kind === 'accepted') return c.redirect(`/join/thanks?lang=${lang}`, 303);
    const nonce = secure(c);
    if (result.kind === 'busy' || result.kind === 'limited') {
      c.header('Retry-After', result.kind === 'busy' ? '2' : '60');
      return c.html(joinFormPage({ partner, lang, values, errors: { form: [ORG_STRINGS[lang][result.kind]] } }, nonce), result.kind === 'busy' ? 503 : 429);
    }
    return c.html(joinFormPage({ partner, lang, values, errors: result.fields }, nonce), 422);
  },
);

const LINK_ACTIONS = { confirm: 'org-confirm', withdraw: 'org-withdraw' } as const;

/**
 * What a withdrawn request's link says, pressed or opened again later: what happened, as it was then
 * and as it stands now. A maintainer removed it, or (withdrawn before what it was was kept) only that
 * it is closed. A declined request was never counted: its link erased the contact's details, and says
 * only that. Otherwise another contact's approved request for the same website may still count the
 * organization: said when the public list shows it anyway; when it is counted but not listed, only
 * what was done (that someone else's unlisted request exists is not this contact's to learn). An
 * approved one had joined: it has left, not merely withdrawn a request.
 */
/** Outcomes that say the link leads to nothing open any more (410, on GET as on POST). */
const GONE = new Set<OrgLinkOutcome>(['expired', 'confirm-withdrawn', 'removed', 'closed']);

async function endedOutcome(db: D1Database, org: OrganizationRow, action: 'confirm' | 'withdraw', justNow = false): Promise<OrgLinkOutcome> {
  if (org.removed) return 'removed';
  if (!org.withdrawn_from) return 'closed';
  if (action === 'confirm') return 'confirm-withdrawn';
  if (org.withdrawn_from === 'declined') return 'erased';
  // An unlisted request is told apart only in the withdrawal's own answer: a link opened again (valid
  // for two years) would otherwise tell, each time, whether someone else's unlisted request counts it now.
  const others = publicOnly(await stillCountedThroughAnother(db, org.id), justNow);
  return others === 'listed' ? 'withdrawn-others' : others ? 'withdrawn-request' : org.withdrawn_from === 'approved' ? 'left' : 'withdrawn';
}

/** Another contact's unlisted request, told only `when` (the withdrawal's one answer); a listed one is public anyway. */
const publicOnly = (others: 'listed' | 'unlisted' | null, when = false) => (others === 'unlisted' && !when ? null : others);

for (const action of ['confirm', 'withdraw'] as const) {
  organizationPages.get(`/join/${action}`, async (c) => {
    const lang = langOf(c, c.req.query('lang'));
    const token = c.req.query('t') ?? '';
    const check = await checkToken(c.env, token, LINK_ACTIONS[action], Date.now(), c.req.url);
    const org = check.ok ? await findOrganization(c.env.DB, check.pledgeId) : null;
    const nonce = secure(c);
    // On GET only, as the pledge's links: the page in the other language is this same link.
    const switchHref = otherLangHref(c.req.url, lang);
    if (!check.ok) return c.html(orgLinkOutcomePage(lang, check.reason, nonce, switchHref), check.reason === 'expired' ? 410 : 400);
    if (!org) return c.html(orgLinkOutcomePage(lang, 'expired', nonce, switchHref), 410);
    // Ended already (the link opened again, or the other language after withdrawing): what happened, as the POST
    // said it, with its status (200 for "left" or "withdrawn", as a pledge's link says "withdrawn"; 410 for one gone).
    if (org.status === 'withdrawn') {
      const outcome = await endedOutcome(c.env.DB, org, action);
      return c.html(orgLinkOutcomePage(lang, outcome, nonce, switchHref), GONE.has(outcome) ? 410 : 200);
    }
    // A declined request whose contact's details the Cron erased already: nothing is left to erase.
    if (action === 'withdraw' && org.status === 'declined' && !org.contact_email) return c.html(orgLinkOutcomePage(lang, 'erased', nonce, switchHref));
    // Confirmed already (the link opened again, or the other language after confirming): say where
    // the request stands, rather than offer a button that would only say so. A request a maintainer
    // decided before its contact confirmed still offers the button: the POST records the address as
    // proven (the dashboard shows it unproven until then) and then says the decision.
    if (action === 'confirm' && org.status !== 'unconfirmed' && org.confirmed_at) {
      return c.html(orgLinkOutcomePage(lang, org.status === 'approved' ? 'approved' : org.status === 'declined' ? 'declined' : 'already-confirmed', nonce, switchHref));
    }
    const confirming =
      action === 'confirm' ? { digest: await answersDigest(org), correctable: org.status === 'unconfirmed' && (await confirmationsLeft(c.env.DB, org.id)) } : undefined;
    // An approved organization's contact leaves the coalition, unless another request still counts it (as the POST will say).
    // (Listed only: this page shows again each time the link is opened.)
    const others = action === 'withdraw' && org.status === 'approved' ? publicOnly(await stillCountedThroughAnother(c.env.DB, org.id)) : null;
    return c.html(orgLinkFormPage(lang, action, org, token, nonce, switchHref, confirming, others));
  });

  organizationPages.post(`/join/${action}`, async (c) => {
    const form = (await readForm(c)) ?? {};
    const lang = langOf(c, typeof form.lang === 'string' ? form.lang : undefined);
    const token = typeof form.t === 'string' ? form.t : '';
    const check = await checkToken(c.env, token, LINK_ACTIONS[action], Date.now(), c.req.url);
    // The link's own page in the other language (which shows the outcome, or says the link does not work).
    const switchHref = linkOutcomeSwitchHref(c.req.url, `/join/${action}`, token, lang);
    if (!check.ok) return c.html(orgLinkOutcomePage(lang, check.reason, secure(c), switchHref), check.reason === 'expired' ? 410 : 400);
    let outcome: OrgLinkOutcome;
    if (action === 'confirm') {
      // Changed since its page was shown (a correction's email went meanwhile): shown again, not confirmed unseen.
      const org = typeof form.v === 'string' ? await findOrganization(c.env.DB, check.pledgeId) : null;
      if (org?.status === 'unconfirmed' && (await answersDigest(org)) !== form.v) {
        const again = { digest: await answersDigest(org), correctable: await confirmationsLeft(c.env.DB, org.id), changed: true };
        return c.html(orgLinkFormPage(lang, action, org, token, secure(c), switchHref, again), 409);
      }
      const result = await confirmOrganization(c.env.DB, check.pledgeId);
      // Gone: withdrawn (the row kept, its details erased), or erased unconfirmed after 30 days.
      const gone = result === 'gone' ? await findOrganization(c.env.DB, check.pledgeId) : null;
      outcome = result !== 'gone' ? result : gone?.status === 'withdrawn' ? await endedOutcome(c.env.DB, gone, action) : 'expired';
    } else {
      // Pressed again (a second tab, the back button): says what happened then, and withdraws nothing more.
      // Erased unconfirmed after 30 days: there is nothing to withdraw, and its link has expired.
      const justNow = await withdrawOrganization(c.env.DB, check.pledgeId);
      if (justNow) await purgeOrganizationList();
      const org = await findOrganization(c.env.DB, check.pledgeId);
      outcome = org ? await endedOutcome(c.env.DB, org, action, Boolean(justNow)) : 'expired';
    }
    // A request erased unconfirmed: its link has expired, whichever method asked (410, as on GET).
    return c.html(orgLinkOutcomePage(lang, outcome, secure(c), switchHref), GONE.has(outcome) ? 410 : 200);
  });
}

/**
 * `/join/change`, from the `org-member` email: an approved organization's contact applies the answers
 * of their new request that make nothing more public (`answersSelfApplied`: unlisting it, the number of
 * radiologists, their own name and title), keeping its membership and the day it joined, and asks for
 * those that change what the public sees (a new name, website, type, region, or listing it again:
 * `answersForReview`), which then wait for a maintainer's review on the dashboard. A page on GET; the
 * change on POST only, against the digest of the answers the page showed.
 */
const anyChange = (org: OrganizationRow) => !answersUnsent(org) && (answersSelfApplied(org).length > 0 || answersForReview(org).length > 0);

async function changeForm(c: C, lang: Lang, org: OrganizationRow, token: string, switchHref: string, stale = false) {
  const apply = answersSelfApplied(org);
  const waiting = answersForReview(org);
  const asked = JSON.parse(org.next_answers!) as Record<string, unknown>;
  const form = { token, digest: await nextAnswersDigest(org), stale };
  // Counted through an earlier approved request for its domain: what it changes or asks alters nothing public (said so).
  const through = (waiting.length > 0 || apply.includes('list_publicly')) && Boolean(await countedThrough(c.env.DB, org.id));
  return c.html(orgChangePage(lang, org, asked, apply, waiting, form, secure(c), switchHref, changeAsked(org)?.asked_at, through), stale ? 409 : 200);
}

/**
 * Nothing for the link to apply: its organization left (withdrawn, removed, or declined since), which is said, with the
 * way to join again; or the changes were applied already, or came when no email could go for them. Sending the form
 * again is the way to change its details, but while the contact has had every "already a member" email of the last
 * QUOTA_WINDOW_DAYS it brings none, so the page says from which day it will (the UTC day two days after that hour: never too
 * early, wherever the contact reads it, up to UTC+14). Only this request's own state: never another contact's.
 */
async function changeNonePage(c: C, lang: Lang, org: OrganizationRow | null, switchHref: string) {
  if (org && org.status !== 'approved') return c.html(orgLinkOutcomePage(lang, 'change-ended', secure(c), switchHref));
  const freeAt = org ? await memberEmailsFreeAt(c.env.DB, org.id) : null;
  if (!freeAt) return c.html(orgLinkOutcomePage(lang, 'change-none', secure(c), switchHref));
  return c.html(orgLinkOutcomePage(lang, 'change-capped', secure(c), switchHref, formatDay(new Date(Date.parse(freeAt) + 2 * 86_400_000).toISOString(), lang, 'long')));
}

organizationPages.get('/join/change', async (c) => {
  const lang = langOf(c, c.req.query('lang'));
  const token = c.req.query('t') ?? '';
  const check = await checkToken(c.env, token, 'org-change', Date.now(), c.req.url);
  const switchHref = otherLangHref(c.req.url, lang);
  if (!check.ok) return c.html(orgLinkOutcomePage(lang, check.reason, secure(c), switchHref), check.reason === 'expired' ? 410 : 400);
  const org = await findOrganization(c.env.DB, check.pledgeId);
  if (!org || !anyChange(org)) return changeNonePage(c, lang, org, switchHref);
  return changeForm(c, lang, org, token, switchHref);
});

organizationPages.post('/join/change', async (c) => {
  const form = (await readForm(c)) ?? {};
  const lang = langOf(c, typeof form.lang === 'string' ? form.lang : undefined);
  const token = typeof form.t === 'string' ? form.t : '';
  const check = await checkToken(c.env, token, 'org-change', Date.now(), c.req.url);
  const switchHref = linkOutcomeSwitchHref(c.req.url, '/join/change', token, lang);
  if (!check.ok) return c.html(orgLinkOutcomePage(lang, check.reason, secure(c), switchHref), check.reason === 'expired' ? 410 : 400);
  const { result, unlisted, asked, outboxId } = await applyContactChanges(c.env.DB, check.pledgeId, form.v, lang);
  if (result === 'stale') {
    const org = await findOrganization(c.env.DB, check.pledgeId);
    if (org && anyChange(org)) return changeForm(c, lang, org, token, switchHref, true);
  }
  if (unlisted) await purgeOrganizationList();
  // The email confirming what was applied (a lost message is put on the queue again by the Cron's sweeper).
  if (outboxId) await enqueueEmails(c.env, [outboxId]).catch(() => undefined);
  // Counted through an earlier approved request for its domain: the public list follows that one, so
  // neither unlisting this one nor what it asks for changes anything the public sees (said so, not "no longer listed").
  if (result !== 'changed') return changeNonePage(c, lang, await findOrganization(c.env.DB, check.pledgeId), switchHref);
  const through = asked || unlisted ? await countedThrough(c.env.DB, check.pledgeId) : null;
  const outcome = asked ? (through ? 'change-asked-through' : 'change-asked') : unlisted ? (through ? 'changed-through' : 'changed-unlisted') : 'changed';
  return c.html(orgLinkOutcomePage(lang, outcome, secure(c), switchHref));
});

organizationPages.get('/organizations', async (c) => {
  const lang = langOf(c, c.req.query('lang'));
  const typeQuery = c.req.query('type') ?? '';
  const type = (ORG_TYPES as readonly string[]).includes(typeQuery) ? typeQuery : '';
  const region = regionCode(c.req.query('region') ?? '') ?? '';
  const { total, organizations } = await publicOrganizations(c.env.DB, lang);
  const nonce = secure(c);
  const card = shareTags(c.env.PUBLIC_ORIGIN, lang, { path: `/organizations?lang=${lang}`, title: ORG_STRINGS[lang].listHeading, description: ORG_STRINGS[lang].listIntro });
  return c.html(organizationsPage({ lang, total, listed: organizations, type, region }, nonce, otherLangHref(c.req.url, lang), card, c.env.PUBLIC_ORIGIN));
});
