import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { pickLang, STRINGS } from '../../src/i18n/index.ts';
import type { Lang } from '../../src/pledge-fields.ts';
import { pledgeFormPage, pledgeThanksPage } from './page.ts';
import { securePage } from '../platform/pages/secure-page.ts';
import { takePledge } from './intake.ts';
import { MAX_BODY_BYTES } from './api.ts';
import { approvedOrganizationCount } from '../organizations/queries.ts';

/** The hosted, no-JavaScript pledge page: `<noscript>` fallback and a link to share. */
export const hostedPledge = new Hono<{ Bindings: Env }>();

function langOf(c: Context, explicit?: string): Lang {
  return pickLang(explicit || c.req.header('Accept-Language'));
}

hostedPledge.get('/pledge', async (c) => {
  const nonce = crypto.randomUUID();
  securePage(c, nonce);
  const partner = (c.req.query('partner') ?? '').slice(0, 32);
  const organizations = await approvedOrganizationCount(c.env.DB).catch(() => undefined);
  return c.html(pledgeFormPage({ partner, lang: langOf(c, c.req.query('lang')), values: {}, errors: {}, organizations }, nonce));
});

hostedPledge.get('/pledge/thanks', (c) => {
  const nonce = crypto.randomUUID();
  securePage(c, nonce);
  return c.html(pledgeThanksPage(langOf(c, c.req.query('lang')), nonce));
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
  if (result.kind === 'accepted') return c.redirect(`/pledge/thanks?lang=${lang}`, 303);
  const nonce = crypto.randomUUID();
  securePage(c, nonce);
  if (result.kind === 'busy') {
    c.header('Retry-After', '2');
    const errors = { form: [STRINGS[lang].busyError] };
    return c.html(pledgeFormPage({ partner: input.partner, lang, values, errors }, nonce), 503);
  }
  return c.html(pledgeFormPage({ partner: input.partner, lang, values, errors: result.fields }, nonce), 422);
});
