import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { pickLang, STRINGS } from '../../src/i18n/index.ts';
import { fieldMessage } from '../../src/i18n/messages.ts';
import { cleanSource, type Lang } from '../../src/pledge-fields.ts';
import { pledgeFormPage, pledgeThanksPage } from './page.ts';
import { securePage } from '../platform/pages/secure-page.ts';
import { takePledge } from './intake.ts';
import { MAX_BODY_BYTES } from './api.ts';
import { approvedOrganizationCount } from '../organizations/queries.ts';
import { shareTags } from '../impact/share-meta.ts';
import { IMPACT_STRINGS } from '../impact/strings.ts';
import { activePartnerNames } from '../impact/queries.ts';
import { isActivePartner, partnerHome } from '../partners/queries.ts';

/** The societies to choose from when the link named none (or no active one); otherwise undefined. */
async function societiesFor(env: Env, partner: string) {
  return (await isActivePartner(env.DB, partner)) ? undefined : activePartnerNames(env.DB);
}

/** The share card for the pledge page (and the thank-you page, which invites a share of it). */
function pledgeShareTags(env: Env, lang: Lang, partner: string, thanks = false) {
  const s = IMPACT_STRINGS[lang];
  const query = new URLSearchParams({ ...(/^[a-z0-9-]{1,32}$/.test(partner) ? { partner } : {}), lang });
  return shareTags(env.PUBLIC_ORIGIN, lang, {
    path: `/pledge?${query}`,
    title: thanks ? s.shareTitle : STRINGS[lang].commitmentHeading,
    description: s.shareDescription,
  });
}

/** The hosted, no-JavaScript pledge page: `<noscript>` fallback and a link to share. */
export const hostedPledge = new Hono<{ Bindings: Env }>();

function langOf(c: Context, explicit?: string): Lang {
  return pickLang(explicit || c.req.header('Accept-Language'));
}


hostedPledge.get('/pledge', async (c) => {
  const nonce = crypto.randomUUID();
  securePage(c, nonce);
  const partner = (c.req.query('partner') ?? '').slice(0, 32).toLowerCase();
  const source = cleanSource(c.req.query('source')); // a bad one is dropped, never an error
  const lang = langOf(c, c.req.query('lang'));
  const [societies, organizations] = await Promise.all([
    societiesFor(c.env, partner),
    approvedOrganizationCount(c.env.DB).catch(() => undefined),
  ]);
  return c.html(
    pledgeFormPage({ partner, source, lang, values: {}, errors: {}, societies, organizations }, nonce, pledgeShareTags(c.env, lang, partner)),
  );
});

hostedPledge.get('/pledge/thanks', async (c) => {
  const nonce = crypto.randomUUID();
  securePage(c, nonce);
  const lang = langOf(c, c.req.query('lang'));
  const partner = (c.req.query('partner') ?? '').slice(0, 32);
  const home = partner ? await partnerHome(c.env.DB, partner) : null;
  return c.html(pledgeThanksPage(lang, nonce, home, pledgeShareTags(c.env, lang, partner, true)));
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
  // A US state or territory, or a country: the form has a select for each. Both chosen is an
  // error, said in its own words; the schema checks the code itself.
  const us = (values.region ?? '').trim();
  const abroad = (values.country ?? '').trim();
  const both = Boolean(us && abroad);
  const input = {
    partner: values.partner ?? '',
    name: values.name ?? '',
    email: values.email ?? '',
    role: values.role,
    organization: values.organization ?? '',
    // An impossible code when both are chosen, so the pledge is refused with the other fields' errors.
    region: both ? 'both' : us || abroad,
    commitment: values.commitment === 'yes',
    updates: values.updates === 'yes',
    lang,
    source: values.source,
  };
  const result = await takePledge(c.env, { ...input, website: values.website }, lang, c.req.header('CF-Connecting-IP'), {
    turnstile: false, // a page without JavaScript cannot run Turnstile; its honeypot guards it
  });
  if (result.kind === 'accepted') {
    const id = input.partner.trim().toLowerCase();
    const partner = /^[a-z0-9-]{1,32}$/.test(id) ? `&partner=${id}` : '';
    return c.redirect(`/pledge/thanks?lang=${lang}${partner}`, 303);
  }
  const nonce = crypto.randomUUID();
  securePage(c, nonce);
  const societies = await societiesFor(c.env, input.partner.trim().toLowerCase());
  if (result.kind === 'busy') {
    c.header('Retry-After', '2');
    const errors = { form: [STRINGS[lang].busyError] };
    return c.html(pledgeFormPage({ partner: input.partner, source: cleanSource(values.source), lang, values, errors, societies }, nonce), 503);
  }
  const errors: Record<string, string[]> = both ? { ...result.fields, region: [fieldMessage(lang, 'region.both')] } : { ...result.fields };
  // With the society select on the page, a missing society is a choice to make, not a broken link.
  if (societies && errors.partner) errors.partner = [IMPACT_STRINGS[lang].societyChoose];
  return c.html(pledgeFormPage({ partner: input.partner, source: cleanSource(values.source), lang, values, errors, societies }, nonce), 422);
});
