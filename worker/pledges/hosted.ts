import { Hono, type Context } from 'hono';
import { STRINGS } from '../../src/i18n/index.ts';
import type { Lang } from '../../src/pledge-fields.ts';
import { pledgeFormPage, pledgeThanksPage, type TurnstileOnPage } from './page.ts';
import { securePage, type PageSecurity } from '../platform/pages/secure-page.ts';
import { langFor } from '../platform/accept-language.ts';
import { limitBody, readForm } from '../platform/body.ts';
import { originsOf } from '../partners/queries.ts';
import { takePledge } from './intake.ts';
import { MAX_BODY_BYTES } from './api.ts';
import { approvedOrganizationCount } from '../organizations/queries.ts';

/** The hosted, no-JavaScript pledge page: `<noscript>` fallback and a link to share. */
export const hostedPledge = new Hono<{ Bindings: Env }>();

type C = Context<{ Bindings: Env }>;

const TURNSTILE_ORIGIN = 'https://challenges.cloudflare.com';

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
  const { nonce, turnstile } = await secureHosted(c, partner);
  const organizations = await approvedOrganizationCount(c.env.DB).catch(() => undefined);
  return c.html(pledgeFormPage({ partner, lang: langOf(c, c.req.query('lang')), values: {}, errors: {}, turnstile, organizations }, nonce));
});

hostedPledge.get('/pledge/thanks', async (c) => {
  const { nonce } = await secureHosted(c, partnerOf(c.req.query('partner')));
  return c.html(pledgeThanksPage(langOf(c, c.req.query('lang')), nonce));
});

hostedPledge.post('/pledge', limitBody(MAX_BODY_BYTES, (c) => c.text('A pledge must be 8 KB or smaller.', 413)), async (c) => {
  const type = c.req.header('Content-Type') ?? '';
  if (!type.startsWith('application/x-www-form-urlencoded') && !type.startsWith('multipart/form-data')) {
    return c.text('Send the pledge form as a form post.', 415);
  }
  const form = await readForm(c);
  if (!form) return c.text('The form could not be read. Go back and send it again.', 400);
  const values: Record<string, string> = {};
  for (const [key, value] of Object.entries(form)) if (typeof value === 'string') values[key] = value;
  const lang = langOf(c, values.lang);
  const input = {
    partner: values.partner ?? '',
    name: values.name ?? '',
    email: values.email ?? '',
    role: values.role,
    organization: values.organization ?? '',
    region: values.region ?? '',
    commitment: values.commitment === 'yes',
    updates: values.updates === 'yes',
    lang,
  };
  // Screened like the API: the honeypot, and Turnstile when it is on. The page runs Turnstile as
  // progressive enhancement; a browser without JavaScript sends no token, so with Turnstile on
  // its pledge is kept, flagged for a maintainer's review, like any other unverified one.
  const screening = { website: values.website, turnstileToken: values['cf-turnstile-response'] };
  const result = await takePledge(c.env, { ...input, ...screening }, lang, c.req.header('CF-Connecting-IP'), { requestUrl: c.req.url });
  const partner = partnerOf(input.partner);
  if (result.kind === 'accepted') return c.redirect(`/pledge/thanks?lang=${lang}&partner=${encodeURIComponent(partner)}`, 303);
  const { nonce, turnstile } = await secureHosted(c, partner);
  if (result.kind === 'busy') {
    c.header('Retry-After', '2');
    const errors = { form: [STRINGS[lang].busyError] };
    return c.html(pledgeFormPage({ partner: input.partner, lang, values, errors, turnstile }, nonce), 503);
  }
  return c.html(pledgeFormPage({ partner: input.partner, lang, values, errors: result.fields, turnstile }, nonce), 422);
});
