/**
 * A person who follows a mistyped or mangled link to the pledge service gets a page in their
 * language, with the ways on: the pledge and the impact page. Scripts, the API and anything
 * that does not ask for HTML still get the JSON error.
 */
import type { Context } from 'hono';
import { html } from 'hono/html';
import { EMAIL_STRINGS } from '../../../src/i18n/email.ts';
import { langFor } from '../accept-language.ts';
import { errorResponse } from '../errors.ts';
import { page } from './layout.ts';
import { otherLangHref } from './lang-switch.ts';
import { securePage } from './secure-page.ts';

export function notFound(c: Context) {
  const path = new URL(c.req.url).pathname;
  // The answer depends on Accept: a cache must keep the page and the JSON apart.
  c.header('Vary', 'Accept');
  const wantsPage = (c.req.method === 'GET' || c.req.method === 'HEAD') && !path.startsWith('/api/') && /\btext\/html\b/.test(c.req.header('Accept') ?? '');
  if (!wantsPage) return errorResponse(c, 404, 'not_found', `Nothing is at ${c.req.method} ${path}.`);
  const lang = langFor(c.req.query('lang'), c.req.header('Accept-Language'));
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
        <ul class="steps">
          <li><a href="/pledge?lang=${lang}">${e.pageNotFoundPledge}</a></li>
          <li><a href="/impact?lang=${lang}">${e.pageNotFoundImpact}</a></li>
        </ul>`,
      '',
      '',
      otherLangHref(c.req.url, lang),
    ),
    404,
  );
}
