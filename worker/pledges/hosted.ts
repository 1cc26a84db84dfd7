import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { pickLang, STRINGS } from '../../src/i18n/index.ts';
import type { Lang } from '../../src/pledge-fields.ts';
import { pledgeFormPage, pledgeThanksPage } from './page.ts';
import { securePage } from '../platform/pages/secure-page.ts';
import { takePledge } from './intake.ts';
import { MAX_BODY_BYTES } from './api.ts';
import { PAGE_STRINGS } from './strings.ts';
import { isActivePartner, listActivePartners, partnerHome } from '../partners/queries.ts';
import { approvedOrganizationCount } from '../organizations/queries.ts';

/** The hosted, no-JavaScript pledge page: `<noscript>` fallback and a link to share. */
export const hostedPledge = new Hono<{ Bindings: Env }>();

function langOf(c: Context, explicit?: string): Lang {
  return pickLang(explicit || c.req.header('Accept-Language'));
}

/** The societies to choose from, when `partner` names none that takes pledges (a link without it, a typo). */
async function societiesFor(env: Env, partner: string) {
  return (await isActivePartner(env.DB, partner)) ? undefined : listActivePartners(env.DB);
}

hostedPledge.get('/pledge', async (c) => {
  const nonce = crypto.randomUUID();
  securePage(c, nonce);
  const partner = (c.req.query('partner') ?? '').slice(0, 32);
  const societies = await societiesFor(c.env, partner);
  const organizations = await approvedOrganizationCount(c.env.DB).catch(() => undefined);
  return c.html(
    pledgeFormPage({ partner, lang: langOf(c, c.req.query('lang')), values: {}, errors: {}, societies, organizations }, nonce),
  );
});

hostedPledge.get('/pledge/thanks', async (c) => {
  const nonce = crypto.randomUUID();
  securePage(c, nonce);
  const partner = (c.req.query('partner') ?? '').slice(0, 32);
  const home = partner ? await partnerHome(c.env.DB, partner) : null;
  return c.html(pledgeThanksPage(langOf(c, c.req.query('lang')), nonce, home));
});

hostedPledge.post('/pledge', bodyLimit({ maxSize: MAX_BODY_BYTES, onError: (c) => c.text('A pledge must be 8 KB or smaller.', 413) }), async (c) => {
  const type = c.req.header('Content-Type') ?? '';
  if (!type.startsWith('application/x-www-form-urlencoded') && !type.startsWith('multipart/form-data')) {
    return c.text('Send the pledge form as a form post.', 415);
  }
  const form = await c.req.parseBody().catch(() => null);
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
  const result = await takePledge(c.env, { ...input, website: values.website }, lang, c.req.header('CF-Connecting-IP'), {
    turnstile: false, // a page without JavaScript cannot run Turnstile; its honeypot guards it
  });
  if (result.kind === 'accepted') {
    return c.redirect(`/pledge/thanks?lang=${lang}&partner=${encodeURIComponent(input.partner)}`, 303);
  }
  const nonce = crypto.randomUUID();
  securePage(c, nonce);
  if (result.kind === 'busy') {
    c.header('Retry-After', '2');
    const errors = { form: [STRINGS[lang].busyError] };
    const societies = await societiesFor(c.env, input.partner);
    return c.html(pledgeFormPage({ partner: input.partner, lang, values, errors, societies }, nonce), 503);
  }
  const societies = await societiesFor(c.env, input.partner);
  const errors = societies && result.fields.partner ? { ...result.fields, partner: [PAGE_STRINGS[lang].societyMissing] } : result.fields;
  return c.html(pledgeFormPage({ partner: input.partner, lang, values, errors, societies }, nonce), 422);
});
