/**
 * A person who follows a mistyped or mangled link to the pledge service gets a page in their
 * language, with the ways on: the pledge and the impact page. Scripts, the API and anything
 * that does not ask for HTML still get the JSON error.
 */
import type { Context } from 'hono';
import { html } from 'hono/html';
import { EMAIL_STRINGS } from '../../../src/i18n/email.ts';
import type { Lang } from '../../../src/pledge-fields.ts';
import { REQUEST_ERRORS, requestLang } from '../request-errors.ts';
import { errorResponse } from '../errors.ts';
import { page, type Html } from './layout.ts';
import { otherLangHref } from './lang-switch.ts';
import { securePage } from './secure-page.ts';

/** Whether the request came from a person's browser asking for a page (not the API, not a script). */
export function wantsPage(c: Context): boolean {
  return !new URL(c.req.url).pathname.startsWith('/api/') && /\btext\/html\b/.test(c.req.header('Accept') ?? '');
}

/**
 * The ways on from a page that could not be what was asked for: the pledge (through `partner`,
 * the society the person came from, when known) and the impact page.
 */
export function waysOn(lang: Lang, partner?: string): Html {
  const e = EMAIL_STRINGS[lang];
  return html`<ul class="steps">
    <li><a href="/pledge?${partner ? `partner=${encodeURIComponent(partner)}&` : ''}lang=${lang}">${e.pageNotFoundPledge}</a></li>
    <li><a href="/impact?lang=${lang}">${e.pageNotFoundImpact}</a></li>
  </ul>`;
}

export function notFound(c: Context) {
  // The answer depends on Accept: a cache must keep the page and the JSON apart.
  c.header('Vary', 'Accept');
  if ((c.req.method !== 'GET' && c.req.method !== 'HEAD') || !wantsPage(c)) {
    return errorResponse(c, 404, 'not_found', REQUEST_ERRORS[requestLang(c)].notFound(c.req.method, new URL(c.req.url).pathname));
  }
  const lang = requestLang(c);
  const e = EMAIL_STRINGS[lang];
  const nonce = crypto.randomUUID();
  securePage(c, nonce);
  return c.html(
    page(
      lang,
      e.pageNotFoundHeading,
      nonce,
      html`<h1 class="heading">${e.pageNotFoundHeading}</h1>
        <p>${e.pageNotFoundBody}</p>
        ${waysOn(lang)}`,
      '',
      '',
      otherLangHref(c.req.url, lang),
    ),
    404,
  );
}
