/**
 * Reading request bodies. A body cut off before its end (a truncated chunked body, or fewer
 * bytes than its Content-Length before the client half-closes) is the client's doing: it is
 * answered 400 and logged as `request_body_incomplete`, never as an unknown 500.
 */
import type { Context, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { errorResponse } from './errors.ts';
import { REQUEST_ERRORS, requestLang } from './request-errors.ts';

/** Thrown when the body could not be read to its end; `worker/index.ts` answers it with a 400. */
export class IncompleteBodyError extends Error {
  constructor() {
    super('request body incomplete');
    this.name = 'IncompleteBodyError';
  }
}

/**
 * hono's `bodyLimit`, except that a body which breaks off while it is being measured becomes an
 * IncompleteBodyError (hono's own lets the read error escape as an unknown one).
 */
export function limitBody(maxSize: number, onTooLarge: Parameters<typeof bodyLimit>[0]['onError']): MiddlewareHandler {
  const limit = bodyLimit({ maxSize, ...(onTooLarge ? { onError: onTooLarge } : {}) });
  return async (c, next) => {
    let reachedHandler = false;
    try {
      return await limit(c, async () => {
        reachedHandler = true;
        await next();
      });
    } catch (err) {
      if (reachedHandler) throw err;
      throw new IncompleteBodyError();
    }
  };
}

async function bytes(c: Context): Promise<ArrayBuffer> {
  try {
    return await c.req.arrayBuffer();
  } catch {
    throw new IncompleteBodyError();
  }
}

/** The body as text. */
export async function readText(c: Context): Promise<string> {
  return new TextDecoder().decode(await bytes(c));
}

/** Each request's form, parsed once however many readers ask (the sign-in's fields, then a kept draft's). */
const forms = new WeakMap<Request, Promise<[string, string][] | null>>();

/** A form post's text fields in order, every value of a repeated one, or null when the body is not a readable form. */
export function readFormEntries(c: Context): Promise<[string, string][] | null> {
  let form = forms.get(c.req.raw);
  if (!form) {
    form = bytes(c).then(async (body) => {
      // A `%` not followed by two hex digits is no escape: the URL parser keeps it as it is, which
      // would store something other than what was meant. Browsers never send one; refused as unreadable.
      const urlencoded = (c.req.header('Content-Type') ?? '').toLowerCase().startsWith('application/x-www-form-urlencoded');
      if (urlencoded && /%(?![0-9a-f]{2})/i.test(new TextDecoder().decode(body))) return null;
      try {
        const parsed = await new Response(body, { headers: { 'Content-Type': c.req.header('Content-Type') ?? '' } }).formData();
        return [...parsed].filter((entry): entry is [string, string] => typeof entry[1] === 'string');
      } catch {
        return null;
      }
    });
    forms.set(c.req.raw, form);
  }
  return form;
}

/** A form post's text fields (the first value of a repeated one), or null when the body is not a readable form. */
export async function readForm(c: Context): Promise<Record<string, string> | null> {
  const entries = await readFormEntries(c);
  if (!entries) return null;
  const fields: Record<string, string> = {};
  for (const [key, value] of entries) if (!(key in fields)) fields[key] = value;
  return fields;
}

/**
 * A JSON object with its `null` values left out, nested objects too (an organization's `contact`):
 * many clients send `"organization": null` for a field left empty, and an optional field sent so
 * is the same as one not sent (a required one is then asked for as missing, as before).
 */
export function nullsAsAbsent(value: unknown, depth = 0): unknown {
  // Only as deep as any body's schema goes (an update's `subject.en`, an organization's
  // `contact.email`): below that, whatever was sent is left as it is, for the schema to refuse.
  // A body nested thousands deep (a 128 KB update draft holds 20,000 levels) would otherwise
  // exhaust the stack here, and a client's body must never cause a 500.
  if (value === null || typeof value !== 'object' || Array.isArray(value) || depth > MAX_SCHEMA_DEPTH) return value;
  const kept: Record<string, unknown> = {};
  // Defined, not assigned: a `"__proto__"` key stays an own property, as JSON.parse made it.
  for (const [key, v] of Object.entries(value)) {
    if (v !== null) Object.defineProperty(kept, key, { value: nullsAsAbsent(v, depth + 1), enumerable: true, writable: true, configurable: true });
  }
  return kept;
}

/** How deep any JSON body's schema reads (two levels today); a little more, for room. */
const MAX_SCHEMA_DEPTH = 4;

/**
 * A JSON body: `{ body }`, or the answer to give instead — 415 with `notJson` (or what it makes: worded
 * only when needed, in the request's language, not for every body that is JSON) for another content
 * type (and for a compressed body, `encoded`), 400 for a body that is not UTF-8 or not JSON (in the request's language).
 */
export async function readJsonBody(c: Context, notJson: string | (() => string)): Promise<{ body: unknown } | { error: Response }> {
  if (!/^application\/json\s*(;|$)/i.test(c.req.header('Content-Type') ?? '')) {
    return { error: errorResponse(c, 415, 'unsupported_media_type', typeof notJson === 'string' ? notJson : notJson()) };
  }
  // A compressed body (RFC 9110 §8.4: a coding the server does not take is a 415) is told so, not
  // read as text and answered that its bytes are not UTF-8. `identity` is no coding at all.
  if (!/^\s*(identity\s*)?$/i.test(c.req.header('Content-Encoding') ?? '')) {
    // …with the codings it does take, none (§15.5.16: a 415 for a coding says so in Accept-Encoding).
    c.header('Accept-Encoding', 'identity');
    return { error: errorResponse(c, 415, 'unsupported_media_type', REQUEST_ERRORS[requestLang(c)].encoded) };
  }
  return parseJson(c, await bytes(c));
}

/**
 * An optional JSON body (a decision's `{ "v": … }`): `{ body: undefined }` when none was sent (no bytes),
 * else as `readJsonBody` reads one, but of any content type (curl's `-d` sends its default form type):
 * 400 for one not UTF-8 or not JSON, so a malformed body is never taken for "none sent".
 */
export async function readOptionalJsonBody(c: Context): Promise<{ body: unknown } | { error: Response }> {
  const body = await bytes(c);
  return body.byteLength ? parseJson(c, body) : { body: undefined };
}

function parseJson(c: Context, body: ArrayBuffer): { body: unknown } | { error: Response } {
  let text: string;
  try {
    // Strict: bytes that are not UTF-8 would otherwise be read as � and stored so.
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(body);
  } catch {
    return { error: errorResponse(c, 400, 'bad_json', REQUEST_ERRORS[requestLang(c)].badUtf8) };
  }
  try {
    return { body: JSON.parse(text) };
  } catch {
    return { error: errorResponse(c, 400, 'bad_json', REQUEST_ERRORS[requestLang(c)].badJson) };
  }
}
