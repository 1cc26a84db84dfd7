/**
 * The emails that follow a pledge, sent through the outbox: the 30-day check-in ("What have
 * you done since you pledged?", only to people who asked to be kept informed) and the yearly
 * recommitment (every confirmed pledger who has not turned it off). Each carries the signed "Tell
 * us what you did" link, and its own one-click way out.
 */
import { html, raw } from 'hono/html';
import { EMAIL_STRINGS } from '../../src/i18n/email.ts';
import { pickLang } from '../../src/i18n/index.ts';
import type { Lang, Role } from '../../src/pledge-fields.ts';
import { AUTOMATED, contentLanguage, type EmailKinds, type OutboxRow, type OutgoingEmail, type Skip } from '../platform/outbox/kinds.ts';
import { isSuppressed } from '../updates/consent.ts';
import { listUnsubscribeHeader } from '../updates/emails.ts';
import { UPDATE_STRINGS } from '../updates/strings.ts';
import { actionsUrl, preferencesUrl, recommitUrl, remindersUrl, unsubscribeUrl, withdrawUrl } from './links.ts';
import { RECENT_RECOMMIT_DAYS } from './milestones.ts';
import { nextSteps, type Resource } from './queries.ts';
import { RESOURCE_STRINGS } from './strings.ts';
import { EMAIL_BUTTON, EMAIL_CARD, EMAIL_HEAD } from '../platform/outbox/email-style.ts';
import { withEnglishNames } from '../platform/pages/english-names.ts';

interface MilestoneFacts {
  lang: Lang;
  to: string;
  /** The short name of the society the pledge was made through: the footer says why this address gets it. */
  society?: string;
  /** Made on the coalition's own pledge page, with `society`. */
  hosted?: boolean;
  subject: string;
  intro: string;
  why: string;
  button: { label: string; url: string };
  secondary?: { label: string; url: string };
  steps: Resource[];
  withdrawUrl: string;
  /**
   * Its one-click way out, in the footer and the headers (List-Unsubscribe): the check-in's stops
   * updates (it is sent by that consent), the yearly renewal's stops that email alone.
   */
  optOut: { label: string; url: string };
  /** Its List-Unsubscribe header, when not the opt-out link alone (the check-in's adds a mailto:, as an update's does). */
  listUnsubscribe?: string;
  /** The pledger's email preferences (updates, language, withdrawal), as an update's footer has them. */
  preferencesUrl?: string;
}


/** The steps as email HTML and as lines of text. */
export function stepsForEmail(lang: Lang, steps: Resource[]): { html: ReturnType<typeof html> | string; text: string[] } {
  if (!steps.length) return { html: '', text: [] };
  const r = RESOURCE_STRINGS[lang];
  return {
    html: html`<h2 style="font-size:18px;margin:24px 0 8px">${r.stepsHeading}</h2>
      <ol style="padding-left:20px;margin:0 0 16px">${steps.map((s) => html`<li style="margin:0 0 8px"><a href="${s.url}" style="color:#1f4e8c">${s.step ?? s.title}</a></li>`)}</ol>`,
    text: ['', r.stepsHeading, ...steps.map((s, i) => `${i + 1}. ${s.step ?? s.title}: ${s.url}`)],
  };
}

async function compose(f: MilestoneFacts): Promise<OutgoingEmail> {
  const r = RESOURCE_STRINGS[f.lang];
  const steps = stepsForEmail(f.lang, f.steps);
  const text = [
    r.greeting,
    '',
    f.intro,
    '',
    `${f.button.label}: ${f.button.url}`,
    ...(f.secondary ? ['', `${f.secondary.label}: ${f.secondary.url}`] : []),
    ...steps.text,
    '',
    `${r.withdrawLine} ${f.withdrawUrl}`,
    '',
    `${f.optOut.label}: ${f.optOut.url}`,
    ...(f.preferencesUrl ? [`${r.preferencesLink}: ${f.preferencesUrl}`] : []),
    '',
    r.signature,
    '',
    f.why,
    EMAIL_STRINGS[f.lang].sentTo(f.to, f.society, f.hosted),
  ].join('\n');
  const body = await html`<!doctype html>
<html lang="${f.lang}" dir="ltr">
  <head><meta charset="utf-8"><meta name="viewport" content="width=device-width">${raw(EMAIL_HEAD)}<title>${f.subject}</title></head>
  <body style="margin:0;padding:24px;background:#f3f5f8;font-family:system-ui,-apple-system,'Segoe UI',Roboto,Arial,sans-serif;font-size:16px;line-height:1.5;color:#1b1f24">
    <main style="${EMAIL_CARD}" class="card">
      <h1 style="font-size:22px;margin:0 0 16px">${f.subject}</h1>
      <p>${r.greeting}</p>
      <p>${withEnglishNames(f.intro, f.lang)}</p>
      <p><a href="${f.button.url}" style="${EMAIL_BUTTON}" class="button">${f.button.label}</a></p>
      ${f.secondary ? html`<p><a href="${f.secondary.url}" style="color:#1f4e8c">${f.secondary.label}</a></p>` : ''}
      ${steps.html}
      <p>${r.withdrawLine} <a href="${f.withdrawUrl}" style="color:#1f4e8c">${r.withdrawLink}</a></p>
      <p><a href="${f.optOut.url}" style="color:#1f4e8c">${f.optOut.label}</a>${f.preferencesUrl ? html` · <a href="${f.preferencesUrl}" style="color:#1f4e8c">${r.preferencesLink}</a>` : ''}</p>
      <p>${withEnglishNames(r.signature, f.lang)}</p>
      <p style="font-size:14px;color:#4a5360" class="muted">${withEnglishNames(f.why, f.lang)} ${withEnglishNames(EMAIL_STRINGS[f.lang].sentTo(f.to, f.society, f.hosted), f.lang, f.society ? [f.society] : [])}</p>
    </main>
  </body>
</html>`;
  return {
    to: f.to,
    subject: f.subject,
    text,
    html: raw(body).toString(),
    // As the updates carry it (RFC 2369, and RFC 8058's one-click POST to the same link).
    headers: { 'List-Unsubscribe': f.listUnsubscribe ?? `<${f.optOut.url}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click', ...AUTOMATED, ...contentLanguage(f.lang) },
  };
}

interface MilestonePledge {
  id: string;
  email: string;
  partner_id: string;
  hosted: number;
  role: Role;
  lang: string;
  status: string;
  updates: number;
  reminders: number;
  recommitted_at: string | null;
}

async function pledgeFor(env: Env, row: OutboxRow): Promise<MilestonePledge | null> {
  return env.DB.prepare('SELECT id, email, partner_id, hosted, role, lang, status, updates, reminders, recommitted_at FROM pledges WHERE id = ? AND flagged = 0')
    .bind(row.pledge_id)
    .first<MilestonePledge>();
}

async function checkin(env: Env, row: OutboxRow): Promise<OutgoingEmail | Skip> {
  const p = await pledgeFor(env, row);
  if (!p || p.status !== 'confirmed') return { skip: 'not_confirmed' };
  if (p.updates !== 1) return { skip: 'opted_out' };
  if (await isSuppressed(env, p.email)) return { skip: 'suppressed' };
  const lang = pickLang(p.lang);
  const r = RESOURCE_STRINGS[lang];
  const unsubscribe = await unsubscribeUrl(env, p.id, lang);
  return compose({
    lang,
    to: p.email,
    society: p.partner_id.toUpperCase(),
    hosted: p.hosted === 1,
    subject: r.checkinSubject,
    intro: r.checkinIntro,
    why: r.whyCheckin,
    button: { label: r.tellUs, url: await actionsUrl(env, p.id, lang) },
    steps: await nextSteps(env.DB, p.role, lang),
    withdrawUrl: await withdrawUrl(env, p.id, lang),
    optOut: { label: UPDATE_STRINGS[lang].unsubscribeLink, url: unsubscribe },
    listUnsubscribe: listUnsubscribeHeader(env, unsubscribe, p.id),
    preferencesUrl: await preferencesUrl(env, p.id, lang),
  });
}

async function recommitEmail(env: Env, row: OutboxRow): Promise<OutgoingEmail | Skip> {
  const p = await pledgeFor(env, row);
  if (!p || p.status !== 'confirmed') return { skip: 'not_confirmed' };
  if (p.reminders !== 1) return { skip: 'opted_out' }; // turned off after this row was written
  // Renewed after this row was written (from another email's link, while it waited its turn or was
  // given up on and sent again): not asked again, as the Cron would not have asked (milestones.ts).
  if (p.recommitted_at && Date.parse(p.recommitted_at) > Date.now() - RECENT_RECOMMIT_DAYS * 86_400_000) return { skip: 'renewed' };
  if (await isSuppressed(env, p.email)) return { skip: 'suppressed' };
  const lang = pickLang(p.lang);
  const r = RESOURCE_STRINGS[lang];
  return compose({
    lang,
    to: p.email,
    society: p.partner_id.toUpperCase(),
    hosted: p.hosted === 1,
    subject: r.recommitSubject,
    // The row's ref is the anniversary it is for (1, 2, …).
    intro: r.recommitIntro(Math.max(1, Number(row.ref) || 1)),
    why: r.whyRecommit,
    button: { label: r.recommitButton, url: await recommitUrl(env, p.id, lang) },
    secondary: { label: r.tellUs, url: await actionsUrl(env, p.id, lang) },
    steps: await nextSteps(env.DB, p.role, lang),
    withdrawUrl: await withdrawUrl(env, p.id, lang),
    // Every confirmed pledger gets it, kept informed or not, until they stop it: its own one-click
    // link stops this email alone (not updates, which they may still want); the preferences set both.
    optOut: { label: r.remindersLink, url: await remindersUrl(env, p.id, lang) },
    preferencesUrl: await preferencesUrl(env, p.id, lang),
  });
}

export const MILESTONE_EMAILS: EmailKinds = { checkin, recommit: recommitEmail };
