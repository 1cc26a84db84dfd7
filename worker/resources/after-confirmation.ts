/**
 * What the confirmed page shows after "Thank you": the role's next steps, the signed "Tell us what
 * you did" link, the share links, the pledger's own ways to change their mind (email preferences, withdrawal), so
 * nobody has to go back to the email for them, and the way for their organization to join (as /about asks it).
 */
import { html } from 'hono/html';
import type { Lang } from '../../src/pledge-fields.ts';
import type { Html } from '../platform/pages/layout.ts';
import { EMAIL_STRINGS } from '../../src/i18n/email.ts';
import { actionsUrl, preferencesUrl, withdrawUrl } from './links.ts';
import { stepsBlock, tellUsBlock } from './pages.ts';
import { shareSection } from '../pledges/page.ts';
import { isActivePartner } from '../partners/queries.ts';
import { ABOUT_STRINGS } from '../about/strings.ts';
import { nextSteps, pledgeForActions } from './queries.ts';

export async function afterConfirmation(env: Env, pledgeId: string, lang: Lang): Promise<Html | string> {
  const pledge = await pledgeForActions(env.DB, pledgeId);
  if (!pledge || pledge.status !== 'confirmed') return '';
  const steps = await nextSteps(env.DB, pledge.role, lang);
  const e = EMAIL_STRINGS[lang];
  const [act, preferences, withdraw] = await Promise.all([actionsUrl(env, pledgeId, lang), preferencesUrl(env, pledgeId, lang), withdrawUrl(env, pledgeId, lang)]);
  // Confirmed is when a pledger is likeliest to ask a colleague: the thank-you's share links, for the same society.
  // Named only while the society is active (as the thank-you page's share address is).
  const partner = pledge.partner_id && (await isActivePartner(env.DB, pledge.partner_id)) ? pledge.partner_id : '';
  const share = new URLSearchParams({ ...(partner ? { partner } : {}), source: 'share', lang });
  // A leader who has just pledged is the likeliest to bring their practice or department in: /join, for the same society.
  const join = new URLSearchParams({ lang, ...(partner ? { partner } : {}) });
  const a = ABOUT_STRINGS[lang];
  return html`${stepsBlock(lang, pledge.role, steps)}${tellUsBlock(lang, act)}${shareSection(lang, `${env.PUBLIC_ORIGIN.replace(/\/$/, '')}/pledge?${share}`)}<ul class="steps manage">
      <li><a href="${preferences}">${e.optInLink}</a></li>
      <li><a href="${withdraw}">${e.withdrawLink}</a></li>
    </ul><section aria-labelledby="join-title">
      <h2 id="join-title">${a.joinHeading}</h2>
      <p><a href="/join?${join}">${a.joinLink}</a></p>
    </section>`;
}
