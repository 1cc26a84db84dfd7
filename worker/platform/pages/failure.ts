/**
 * The answer when a request fails on our side (or its body was cut off, or a person's form post
 * could not be read): a person in a browser
 * gets a page in their language with the ways on, as for a 404; a script or an API caller gets
 * the JSON error, its message in the request's language too.
 */
import type { Context } from 'hono';
import { html } from 'hono/html';
import { errorResponse, type ErrorCode } from '../errors.ts';
import { REQUEST_ERRORS, requestLang } from '../request-errors.ts';
import { page } from './layout.ts';
import { securePage } from './secure-page.ts';
import { wantsPage, waysOn } from './not-found.ts';

/** Each failure's status and code; its words are REQUEST_ERRORS' entry of the same name (and its `…Heading`). */
export const FAILURES = {
  incomplete: { status: 400, code: 'incomplete_body', key: 'incomplete' },
  notConfigured: { status: 503, code: 'not_configured', key: 'notConfigured' },
  internal: { status: 500, code: 'internal', key: 'internal' },
  /** A person's form post (hosted pledge, join) that is not a form, cannot be read, or is too large. */
  notForm: { status: 415, code: 'unsupported_media_type', key: 'notForm' },
  badForm: { status: 400, code: 'bad_form', key: 'badForm' },
  formTooLarge: { status: 413, code: 'payload_too_large', key: 'formTooLarge' },
} as const satisfies Record<string, { status: 400 | 413 | 415 | 500 | 503; code: ErrorCode; key: string }>;

type Failure = (typeof FAILURES)[keyof typeof FAILURES];

/** Whether a request's body says it is a form post (a media type's name is case-insensitive). */
export function sentAsForm(c: Context): boolean {
  const type = (c.req.header('Content-Type') ?? '').toLowerCase();
  return type.startsWith('application/x-www-form-urlencoded') || type.startsWith('multipart/form-data');
}

/** `apiMessage`, when given, is the JSON answer's message instead of the page's words. */
export function failure(c: Context, f: Failure, apiMessage?: string): Response | Promise<Response> {
  const lang = requestLang(c);
  const r = REQUEST_ERRORS[lang];
  c.header('Vary', 'Accept');
  if (!wantsPage(c)) return errorResponse(c, f.status, f.code, apiMessage ?? r[f.key]);
  const heading = r[`${f.key}Heading`];
  const nonce = crypto.randomUUID();
  securePage(c, nonce);
  c.header('Cache-Control', 'no-store');
  return c.html(
    page(
      lang,
      heading,
      nonce,
      html`<div class="problem" role="alert"><h1>${heading}</h1><p>${r[f.key]}</p></div>
        ${waysOn(lang)}`,
    ),
    f.status,
  );
}
