/**
 * An update as an email: the coalition's identity, the subject as a real heading, the body
 * rendered from Markdown (see markdown.ts), and a footer saying why the person gets it, with
 * one-click unsubscribe and preferences links. Headers carry List-Unsubscribe (RFC 2369) and
 * List-Unsubscribe-Post (RFC 8058), as Gmail and Yahoo require of bulk senders.
 */
import { actionsUrl, preferencesUrl } from '../resources/links.ts';
import { RESOURCE_STRINGS } from '../resources/strings.ts';
import { html, raw } from 'hono/html';
import { pickLang } from '../../src/i18n/index.ts';
import type { Lang } from '../../src/pledge-fields.ts';
import { AUTOMATED, contentLanguage, type EmailKinds, type OutboxRow, type OutgoingEmail, type Skip } from '../platform/outbox/kinds.ts';
import { makeToken } from '../platform/tokens.ts';
import { mayEmail } from './consent.ts';
import { markdownToHtml, markdownToText } from './markdown.ts';
import { getUpdate, versionFor, type UpdateRow } from './queries.ts';
import { UPDATE_STRINGS } from './strings.ts';
import { EMAIL_STRINGS } from '../../src/i18n/email.ts';
import { SOCIETIES } from '../../src/content/coalition.ts';
import { withEnglishNames } from '../platform/pages/english-names.ts';
import { EMAIL_HEAD } from '../platform/outbox/email-style.ts';

/** The members' initials, marked English in another language's footer (a screen reader then says them as their society does). */
const INITIALS = SOCIETIES.map((m) => m.short);

/** The reader ids of a test and of the dashboard's preview: their links belong to no pledge and change nothing. */
export const NO_PLEDGE_READERS: ReadonlySet<string> = new Set(['test', 'preview']);

/** Who an update is written to: a pledger, or the maintainer receiving a test or a preview. */
export interface Reader {
  /** The pledge id the links act on ('test' / 'preview': links that change nothing). */
  id: string;
  email: string;
  lang: string;
  partner_id: string | null;
  /** 1: they asked for updates later, on their preferences page, not when pledging. */
  updates_later?: number;
  /** 1: they pledged on the coalition's own page (a share link, a poster's code), not on the society's site. */
  hosted?: number;
}

export interface ComposeOptions {
  /** Marks a test: "[Test]" ("[Prueba]") before the subject and a banner on top. */
  test?: boolean;
}

const origin = (env: Env) => env.PUBLIC_ORIGIN.replace(/\/$/, '');

/** The email's link colour, the body's links included (a mail client's default blue is another brand's). */
const LINK = '#1f4e8c';
/**
 * Rendered bodies, per update and language, kept with the Markdown they came from: a draft edited
 * after a preview (even to a text of the same length) is rendered again, never sent as it was.
 */
const rendered = new Map<string, { markdown: string; html: string; text: string }>();
function render(updateId: string, lang: Lang, markdown: string, origin: string, textLang: Lang) {
  const key = `${updateId}:${lang}:${origin}:${textLang}`;
  let r = rendered.get(key);
  if (r?.markdown !== markdown) {
    if (rendered.size > 50) rendered.clear();
    r = { markdown, html: markdownToHtml(markdown, { origin, lang, textLang }).replaceAll('<a href=', `<a style="color:${LINK}" href=`), text: markdownToText(markdown, { origin, lang }) };
    rendered.set(key, r);
  }
  return r;
}

/**
 * List-Unsubscribe for an email sent by the keep-informed consent (an update, the check-in): its
 * one-click https link, plus a mailto: when UNSUBSCRIBE_MAILBOX is set, its subject naming the pledge.
 */
export function listUnsubscribeHeader(env: Env, unsubscribeUrl: string, pledgeId: string): string {
  const links = [`<${unsubscribeUrl}>`];
  if (env.UNSUBSCRIBE_MAILBOX) links.push(`<mailto:${env.UNSUBSCRIBE_MAILBOX}?subject=unsubscribe%20${encodeURIComponent(pledgeId)}>`);
  return links.join(', ');
}

export async function composeUpdate(env: Env, u: UpdateRow, reader: Reader, options: ComposeOptions = {}): Promise<OutgoingEmail> {
  const v = versionFor(u, reader.lang);
  // The update's words are in `v.lang` (English when it has no Spanish version); everything around
  // them (why the reader gets it, the footer, the links to their own pages) is in the reader's.
  const lang = pickLang(reader.lang);
  const s = UPDATE_STRINGS[lang];
  const body = render(u.id, lang, v.body, origin(env), v.lang); // its links to this service's pages open in the reader's language
  const unsubscribeUrl = `${origin(env)}/unsubscribe?lang=${lang}&t=${await makeToken(env, reader.id, 'unsubscribe')}`;
  const preferences = await preferencesUrl(env, reader.id, lang);
  // Every email after the confirmation carries the pledger's own "Tell us what you did" link (issue 13).
  const tellUs = { label: RESOURCE_STRINGS[lang].tellUs, url: await actionsUrl(env, reader.id, lang) };
  /** The update's own words, marked with their language when it is not the email's. */
  const own = v.lang === lang ? '' : raw(` lang="${v.lang}"`);
  const society = reader.partner_id?.toUpperCase();
  const why = !society
    ? s.whyGeneric
    : reader.hosted
      ? reader.updates_later ? s.whyHostedLater(society) : s.whyHosted(society)
      : reader.updates_later ? s.whyLater(society) : s.why(society);
  // Which address it went to, as every other email says: a reader with several (or a forward) knows which one to change.
  // Not on a test: its reader (the editor) signed nothing, and "used to sign the pledge" would be untrue.
  const sentTo = reader.id === 'test' ? '' : EMAIL_STRINGS[lang].sentTo(reader.email);
  const subject = options.test ? `[${s.testSubject}] ${v.subject}` : v.subject;

  const text = [
    ...(options.test ? [`** ${s.testBanner} **`, ''] : []),
    s.coalition.toUpperCase(),
    '',
    ...(own ? [s.otherLanguage, ''] : []),
    v.subject,
    '='.repeat(Math.min(v.subject.length, 60)),
    '',
    body.text,
    '',
    `${tellUs.label}: ${tellUs.url}`,
    '',
    '-- ',
    why,
    ...(sentTo ? [sentTo] : []),
    s.members,
    '',
    s.footerText,
    unsubscribeUrl,
    '',
    s.footerPreferences,
    preferences,
  ].join('\n');

  const muted = 'font-size:14px;line-height:1.5;color:#4a5360';
  // The email's name is its subject. Given as an aria-label it would be read in the email's
  // language (the article's), so an update in the other language is named by its heading, which
  // carries the update's own: then a mail client that drops ids leaves the article unnamed, not misread.
  const name = own ? raw('aria-labelledby="subject"') : html`aria-label="${subject}"`;
  const page = await html`<!doctype html>
<html lang="${lang}" dir="ltr">
  <head><meta charset="utf-8"><meta name="viewport" content="width=device-width">${raw(EMAIL_HEAD)}<title${own}>${subject}</title></head>
  <body style="margin:0;padding:24px 12px;background:#f3f5f8;font-family:system-ui,-apple-system,'Segoe UI',Roboto,Arial,sans-serif;font-size:16px;line-height:1.6;color:#1b1f24">
    <main><div role="article" aria-roledescription="email" ${name} lang="${lang}" class="card" style="max-width:600px;margin:0 auto;background:#ffffff;border-radius:8px;padding:24px;word-wrap:break-word;overflow-wrap:anywhere">
      ${options.test ? html`<p style="margin:0 0 16px;padding:8px 12px;background:#fff4ce;border-left:5px solid #8a6d00" class="banner"><strong>${s.testBanner}</strong></p>` : ''}
      <p style="margin:0 0 8px;font-size:13px;font-weight:700;letter-spacing:0.04em;text-transform:uppercase;color:${LINK}" class="brand" lang="en">${s.coalition}</p>
      ${own ? html`<p style="${muted};margin:0 0 8px" class="muted">${s.otherLanguage}</p>` : ''}
      <h1 id="subject" style="margin:0 0 16px;font-size:26px;line-height:1.25"${own}>${withEnglishNames(v.subject, v.lang)}</h1>
      ${own ? html`<div${own}>${raw(body.html)}</div>` : raw(body.html)}
      <p><a href="${tellUs.url}" style="color:${LINK};font-weight:700">${tellUs.label}</a></p>
      <hr style="border:0;border-top:1px solid #d5dae1;margin:24px 0 16px">
      <footer>
        <p style="${muted}" class="muted">${withEnglishNames(why, lang, INITIALS)}${sentTo ? ` ${sentTo}` : ''}<br>${withEnglishNames(s.members, lang, INITIALS)}</p>
        <p style="${muted}" class="muted"><a href="${unsubscribeUrl}" style="color:${LINK}">${s.unsubscribeLink}</a> · <a href="${preferences}" style="color:${LINK}">${s.footerPreferencesLink}</a></p>
      </footer>
    </div></main>
  </body>
</html>`;

  return {
    to: reader.email,
    subject,
    text,
    html: raw(page).toString(),
    headers: {
      'List-Unsubscribe': listUnsubscribeHeader(env, unsubscribeUrl, reader.id),
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
      ...AUTOMATED,
      // Lets providers and mailbox rules tell one update's emails apart; nothing personal.
      'X-Entity-Ref-ID': `update-${u.id}`,
      // The version this reader gets (an update with no Spanish version is English, framed in Spanish).
      ...contentLanguage(v.lang),
    },
  };
}

/** The outbox composer for kind 'update': checked again at send time, whatever the snapshot said. */
async function composeUpdateRow(env: Env, row: OutboxRow): Promise<OutgoingEmail | Skip> {
  const u = row.ref ? await getUpdate(env.DB, row.ref) : null;
  if (!u || u.status === 'cancelled' || u.status === 'draft') return { skip: 'cancelled' };
  const may = await mayEmail(env, row.pledge_id, 'update');
  if (!may.ok) return { skip: may.skip };
  return composeUpdate(env, u, may.pledge);
}

export const UPDATE_EMAILS: EmailKinds = { update: composeUpdateRow };
