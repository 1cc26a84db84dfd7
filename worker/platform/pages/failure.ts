/**
 * The answer when a request fails on our side (or its body was cut off): a person in a browser
 * gets a page in their language with the ways on, as for a 404; a script or an API caller gets
 * the JSON error, its message in the request's language too.
 */
import type { Context } from 'hono';
import { html } from 'hono/html';
import { EMAIL_STRINGS } from '../../../src/i18n/email.ts';
import { errorResponse, type ErrorCode } from '../errors.ts';
import { REQUEST_ERRORS, requestLang } from '../request-errors.ts';
import { page } from './layout.ts';
import { securePage } from './secure-page.ts';

type Failure = { status: 400; code: 'incomplete_body'; key: 'incomplete' } | { status: 503; code: 'not_configured'; key: 'notConfigured' } | { status: 500; code: 'internal'; key: 'internal' };

export const FAILURES = {
  incomplete: { status: 400, code: 'incomplete_body', key: 'incomplete' },
  notConfigured: { status: 503, code: 'not_configured', key: 'notConfigured' },
  internal: { status: 500, code: 'internal', key: 'internal' },
} as const satisfies Record<string, Failure & { code: ErrorCode }>;

/** Whether the request came from a person's browser asking for a page (not the API, not a script). */
export function wantsPage(c: Context): boolean {
  return !new URL(c.req.url).pathname.startsWith('/api/') && /\btext\/html\b/.test(c.req.header('Accept') ?? '');
}

export function failure(c: Context, f: Failure): Response | Promise<Response> {
  const lang = requestLang(c);
  const r = REQUEST_ERRORS[lang];
  c.header('Vary', 'Accept');
  if (!wantsPage(c)) return errorResponse(c, f.status, f.code, r[f.key]);
  const heading = r[`${f.key}Heading`];
  const e = EMAIL_STRINGS[lang];
  const nonce = crypto.randomUUID();
  securePage(c, nonce);
  c.header('Cache-Control', 'no-store');
  return c.html(
    page(
      lang,
      heading,
      nonce,
      html`<div class="problem" role="alert"><h1>${heading}</h1><p>${r[f.key]}</p></div>
        <ul class="steps">
          <li><a href="/pledge?lang=${lang}">${e.pageNotFoundPledge}</a></li>
          <li><a href="/impact?lang=${lang}">${e.pageNotFoundImpact}</a></li>
        </ul>`,
    ),
    f.status,
  );
}
