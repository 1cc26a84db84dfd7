/** The pages behind the email's links: a button to press (GET changes nothing), then the outcome. */
import { html, raw } from 'hono/html';
import { EMAIL_STRINGS } from '../../../src/i18n/email.ts';
import type { Lang } from '../../../src/pledge-fields.ts';
import type { LinkAction } from '../tokens.ts';
import { page, type Html } from './layout.ts';
import { waysOn } from './not-found.ts';

/** `withdrawn`: just now, or before (the withdraw link again); `was-withdrawn`: a confirm link of a withdrawn pledge. */
/** `gone`: a withdrawal link whose pledge is no longer stored (erased unconfirmed): nothing was kept. */
export type LinkOutcome = 'confirmed' | 'already-confirmed' | 'withdrawn' | 'was-withdrawn' | 'gone' | 'invalid' | 'expired';

/**
 * `confirming`: what a confirmation link confirms, the society and the role as they are stored now
 * (a later pledge with the same address may have changed them, see store.ts), so its reader sees it;
 * `more`: further rows (the region, and whether updates were asked for).
 * `preferences`: on the withdrawal page, the pledger's email preferences, for one who only wants fewer emails.
 * `pending`: the pledge is not confirmed yet, so its withdrawal page does not say it leaves the count.
 */
export function linkFormPage(lang: Lang, action: LinkAction, token: string, nonce: string, switchHref?: string, confirming?: { society: string; role: string; more?: [string, string][] }, preferences?: string, pending = false): Html {
  const e = EMAIL_STRINGS[lang];
  const confirm = action === 'confirm';
  const heading = confirm ? e.pageConfirmHeading : e.pageWithdrawHeading;
  return page(
    lang,
    heading,
    nonce,
    html`<h1>${heading}</h1>
      <p>${confirm ? e.pageConfirmBody : pending ? e.pageWithdrawPendingBody : e.pageWithdrawBody}</p>
      ${confirm && confirming
        ? html`<dl class="confirming"><dt>${e.pageConfirmSociety}</dt><dd${lang === 'en' ? '' : raw(' lang="en"')}>${confirming.society}</dd><dt>${e.pageConfirmRole}</dt><dd>${confirming.role}</dd>${(confirming.more ?? []).map(([dt, dd]) => html`<dt>${dt}</dt><dd>${dd}</dd>`)}</dl>
            <p class="hint">${e.pageConfirmNotYours}</p>`
        : ''}
      <form method="post" action="/${action}">
        <input type="hidden" name="t" value="${token}" />
        <input type="hidden" name="lang" value="${lang}" />
        <button type="submit" class="button">${confirm ? e.confirmButton : e.pageWithdrawButton}</button>
      </form>
      ${preferences ? html`<p class="fewer-emails">${e.pageWithdrawFewerEmails} <a href="${preferences}">${e.optInLink}</a></p>` : ''}`,
    '.confirming { display: grid; grid-template-columns: fit-content(50%) minmax(0, 1fr); gap: 4px 12px; margin: 0 0 12px; } .confirming dt { font-weight: 700; } .confirming dd { margin: 0; overflow-wrap: anywhere; } .fewer-emails { margin-top: 16px; }',
    '',
    switchHref,
  );
}

/**
 * A signed link's page that only asks (`/unsubscribe`, `/reminders`): what its button does, and the
 * button, which posts the token to `path`. Nothing changes until it is pressed (mail scanners open links).
 */
export function oneButtonPage(lang: Lang, nonce: string, p: { path: string; token: string; title: string; body: string; button: string }, switchHref?: string): Html {
  return page(
    lang,
    p.title,
    nonce,
    html`<h1>${p.title}</h1>
      <p>${p.body}</p>
      <form method="post" action="${p.path}?lang=${lang}">
        <input type="hidden" name="t" value="${p.token}" />
        <button type="submit" class="button">${p.button}</button>
      </form>`,
    '',
    '',
    switchHref,
  );
}

/**
 * `after` follows the outcome (the confirmed page's next steps and "Tell us what you did").
 * `action`: the link's, when it matters (an expired withdrawal link says how to get a new one).
 * `partner`: the pledge's society, so "pledge again" leads back to it.
 */
export function linkOutcomePage(
  lang: Lang,
  outcome: LinkOutcome,
  nonce: string,
  after: Html | string = '',
  action?: LinkAction,
  switchHref?: string,
  partner?: string,
): Html {
  const e = EMAIL_STRINGS[lang];
  const [heading, body] = {
    confirmed: [e.pageConfirmedHeading, e.pageConfirmedBody],
    'already-confirmed': [e.pageConfirmedHeading, e.pageAlreadyConfirmed],
    withdrawn: [e.pageWithdrawnHeading, e.pageWithdrawnBody],
    'was-withdrawn': [e.pageWasWithdrawnHeading, e.pageWasWithdrawnBody],
    gone: [e.pageGoneHeading, e.pageGoneBody],
    invalid: [e.pageInvalidHeading, e.pageInvalidBody],
    expired: [e.pageExpiredHeading, action === 'withdraw' ? e.pageWithdrawExpiredBody : e.pageExpiredBody],
  }[outcome];
  // A withdrawn pledge cannot come back; a new one can, through the same society. No page here is
  // a dead end: "pledge again" (which an expired confirmation asks for) and the impact page are a
  // click away, after a withdrawal too.
  // Not after a confirmation (its next steps follow). An expired withdrawal link keeps them: pledging
  // again with the same address emails a new withdrawal link (the "already pledged" email), which may
  // be the only way left to someone whose emails are all over two years old.
  const noWaysOn = outcome === 'confirmed' || outcome === 'already-confirmed';
  const again = noWaysOn ? '' : waysOn(lang, partner);
  return page(lang, heading, nonce, html`<div class="thanks"><h1>${heading}</h1><p>${body}</p></div>${again}${after}`, '', '', switchHref);
}
