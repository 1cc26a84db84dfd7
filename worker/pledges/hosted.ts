import { FAILURES, failure, sentAsForm } from '../platform/pages/failure.ts';
import { crossSiteOrigin } from '../platform/cors.ts';
import { REQUEST_ERRORS, requestLang } from '../platform/request-errors.ts';
import { Hono, type Context } from 'hono';
import { STRINGS } from '../../src/i18n/index.ts';
import { cleanSource, ROLES, type Lang } from '../../src/pledge-fields.ts';
import { nextSteps } from '../resources/queries.ts';
import { stepsBlock } from '../resources/pages.ts';
import { pledgeFormPage, pledgeThanksPage, type TurnstileOnPage } from './page.ts';
import { securePage, type PageSecurity } from '../platform/pages/secure-page.ts';
import { otherLangHref } from '../platform/pages/lang-switch.ts';
import { langFor } from '../platform/accept-language.ts';
import { limitBody, readForm } from '../platform/body.ts';
import { takePledge } from './intake.ts';
import { oneRegion } from '../../src/pledge-schema.ts';
import { MAX_BODY_BYTES } from './api.ts';
import { approvedOrganizationCount } from '../organizations/queries.ts';
import { shareTags } from '../impact/share-meta.ts';
import { IMPACT_STRINGS } from '../impact/strings.ts';
import { activePartnerNames } from '../impact/queries.ts';
import { isActivePartner, originsOf, partnerHome } from '../partners/queries.ts';

type C = Context<{ Bindings: Env }>;

const TURNSTILE_ORIGIN = 'https://challenges.cloudflare.com';

/** The societies to choose from when the link named none (or no active one); otherwise undefined. */
async function societiesFor(env: Env, partner: string) {
  return (await isActivePartner(env.DB, partner)) ? undefined : activePartnerNames(env.DB);
}

/**
 * The share card for the pledge page (and the thank-you page, which invites a share of it). Its
 * `og:url` keeps the page's valid `source` (a shared link's `source=share`): social networks open
 * that address, so the pledges a share brings keep their credit.
 */
function pledgeShareTags(env: Env, lang: Lang, partner: string, thanks = false, source?: string) {
  const s = IMPACT_STRINGS[lang];
  const query = new URLSearchParams({ ...(/^[a-z0-9-]{1,32}$/.test(partner) ? { partner } : {}), lang, ...(source ? { source } : {}) });
  return shareTags(env.PUBLIC_ORIGIN, lang, {
    path: `/pledge?${query}`,
    title: thanks ? s.shareTitle : STRINGS[lang].commitmentHeading,
    description: s.shareDescription,
  });
}

/** The hosted, no-JavaScript pledge page: `<noscript>` fallback and a link to share. */
export const hostedPledge = new Hono<{ Bindings: Env }>();

function langOf(c: C, explicit?: string): Lang {
  return langFor(explicit, c.req.header('Accept-Language'));
}

function partnerOf(value: string | undefined): string {
  return (value ?? '').trim().toLowerCase().slice(0, 32);
}

/**
 * The page's headers: only the partner's registered origins may frame it (none for an unknown
 * partner); with Turnstile on, its script and frame, as progressive enhancement.
 */
async function secureHosted(c: C, partner: string): Promise<{ nonce: string; turnstile?: TurnstileOnPage }> {
  const nonce = crypto.randomUUID();
  const siteKey = c.env.TURNSTILE_SECRET ? c.env.TURNSTILE_SITE_KEY : '';
  const security: PageSecurity = { frameAncestors: partner ? await originsOf(c.env.DB, partner) : [] };
  if (siteKey) {
    security.script = true;
    security.allow = { 'script-src': [TURNSTILE_ORIGIN], 'frame-src': [TURNSTILE_ORIGIN], 'connect-src': [TURNSTILE_ORIGIN] };
  }
  securePage(c, nonce, security);
  return { nonce, ...(siteKey ? { turnstile: { siteKey, script: `${TURNSTILE_ORIGIN}/turnstile/v0/api.js` } } : {}) };
}


hostedPledge.get('/pledge', async (c) => {
  const partner = partnerOf(c.req.query('partner'));
  const source = cleanSource(c.req.query('source')); // a bad one is dropped, never an error
  const lang = langOf(c, c.req.query('lang'));
  // A role named by the address (the thank-you's "Wrong address?" link): chosen already; anything else is ignored.
  const role = ROLES.find((r) => r === c.req.query('role'));
  const [{ nonce, turnstile }, societies, organizations] = await Promise.all([
    secureHosted(c, partner),
    societiesFor(c.env, partner),
    approvedOrganizationCount(c.env.DB).catch(() => undefined),
  ]);
  return c.html(
    pledgeFormPage(
      { partner, source, lang, values: role ? { role } : {}, errors: {}, societies, organizations, turnstile },
      nonce,
      // A society it does not know is left out of the shared address, as a bad source is.
      pledgeShareTags(c.env, lang, societies ? '' : partner, false, source),
      otherLangHref(c.req.url, lang),
    ),
  );
});

hostedPledge.get('/pledge/thanks', async (c) => {
  const partner = partnerOf(c.req.query('partner'));
  const { nonce } = await secureHosted(c, partner);
  const lang = langOf(c, c.req.query('lang'));
  const role = ROLES.find((r) => r === c.req.query('role'));
  const [home, steps] = await Promise.all([partner ? partnerHome(c.env.DB, partner) : null, role ? nextSteps(c.env.DB, role, lang) : []]);
  // The shared address names the society only when it is an active one (as the pledge page's does).
  const known = partner && (await isActivePartner(c.env.DB, partner)) ? partner : '';
  // Shared links count for the society the pledge was made through, marked as shares.
  const share = new URLSearchParams({ ...(known ? { partner: known } : {}), source: 'share', lang });
  const shareUrl = `${c.env.PUBLIC_ORIGIN.replace(/\/$/, '')}/pledge?${share}`;
  // A mistyped address: back to the form for a new pledge (the first, never confirmed, counts for
  // nothing), with what this address already says (society, role). Nothing personal rides in an
  // address (it would be in logs and history): name and email are typed again.
  const source = cleanSource(c.req.query('source'));
  const again = new URLSearchParams({ ...(known ? { partner: known } : {}), lang, ...(role ? { role } : {}), ...(source ? { source } : {}) });
  return c.html(
    pledgeThanksPage(lang, nonce, home, pledgeShareTags(c.env, lang, known, true), otherLangHref(c.req.url, lang), {
      steps: role ? stepsBlock(lang, role, steps) : '',
      shareUrl,
      againHref: `/pledge?${again}`,
    }),
  );
});

hostedPledge.post('/pledge', limitBody(MAX_BODY_BYTES, (c) => failure(c, FAILURES.formTooLarge, REQUEST_ERRORS[requestLang(c)].tooLarge('pledge', MAX_BODY_BYTES))), async (c) => {
  if (!sentAsForm(c)) return failure(c, FAILURES.notForm);
  const form = await readForm(c);
  if (!form) return failure(c, FAILURES.badForm);
  const values: Record<string, string> = {};
  for (const [key, value] of Object.entries(form)) if (typeof value === 'string') values[key] = value;
  const lang = langOf(c, values.lang);
  const input = {
    partner: values.partner ?? '',
    name: values.name ?? '',
    email: values.email ?? '',
    role: values.role,
    organization: values.organization ?? '',
    // A US state or territory, or a country: the form has a select for each (both: "not both").
    region: oneRegion(values.region ?? '', values.country ?? ''),
    commitment: values.commitment === 'yes',
    updates: values.updates === 'yes',
    lang,
    source: values.source,
  };
  // Screened like the API: the honeypot, and Turnstile when it is on. The page runs Turnstile as
  // progressive enhancement; a browser without JavaScript sends no token, so with Turnstile on
  // its pledge is kept, flagged for a maintainer's review, like any other unverified one.
  const screening = { website: values.website, turnstileToken: values['cf-turnstile-response'] };
  // Posted from another site (a page that submits this form from its visitors' browsers): that
  // site may pledge only for the societies registered to it, as through the API. The page's own
  // form posts from this service's origin, also when a partner frames it.
  const origin = crossSiteOrigin(c);
  // The page's own form is the coalition's site, unless a society shows it in a frame on its own
  // (only its registered origins may): the browser says so of a framed page's form (`Sec-Fetch-Dest: iframe`).
  const hosted = !origin && c.req.header('Sec-Fetch-Dest') !== 'iframe';
  const result = await takePledge(c.env, { ...input, ...screening }, lang, c.req.header('CF-Connecting-IP'), { requestUrl: c.req.url, origin, hosted });
  const partner = partnerOf(input.partner);
  if (result.kind === 'accepted') {
    const query = /^[a-z0-9-]{1,32}$/.test(partner) ? `&partner=${partner}` : '';
    // The role, so the thank-you shows its next steps (a role is one of a fixed list: nothing personal).
    const role = ROLES.find((r) => r === input.role);
    // And its source (a booth's or poster's code, nothing personal), so a pledge made again with the right address keeps it.
    const source = cleanSource(values.source);
    return c.redirect(`/pledge/thanks?lang=${lang}${query}${role ? `&role=${role}` : ''}${source ? `&source=${source}` : ''}`, 303);
  }
  const [{ nonce, turnstile }, societies] = await Promise.all([secureHosted(c, partner), societiesFor(c.env, partner)]);
  if (result.kind === 'busy') {
    c.header('Retry-After', '2');
    const errors = { form: [STRINGS[lang].busyError] };
    return c.html(pledgeFormPage({ partner: input.partner, source: cleanSource(values.source), lang, values, errors, societies, turnstile }, nonce), 503);
  }
  const errors: Record<string, string[]> = { ...result.fields };
  // With the societies to choose from on the page, a missing society is a choice to make, not a broken link.
  if (societies && errors.partner) errors.partner = [IMPACT_STRINGS[lang].societyChoose];
  return c.html(pledgeFormPage({ partner: input.partner, source: cleanSource(values.source), lang, values, errors, societies, turnstile }, nonce), 422);
});
