/** A resource as maintainers create and edit it: the one schema the admin API and page share. */
import * as z from 'zod/mini';
import { LANGS, ROLES } from '../../src/pledge-fields.ts';
import { ACTION_KINDS, RESOURCE_KINDS } from './strings.ts';

/** The longest each text may be: the schema's rules, and the admin page's Spanish for them. */
export const RESOURCE_LIMITS = { title: 200, summary: 300, step: 200, url: 500 } as const;

/** What no text of a resource may hold, its address included (`what`: the field, as its messages name it). */
const cleanCharacters = (what: string) => [
  z.regex(/^[^\p{Cc}]*$/u, `The ${what} must not contain control characters`),
  // A lone surrogate (half a character) cannot be stored as UTF-8: it would be shown as ���. And
  // U+FFFD is what a form's broken UTF-8 was read as.
  z.regex(/^[^\p{Cs}\ufffd]*$/u, `The ${what} must not contain a broken character`),
  // Direction overrides and isolates reorder what is shown: "abc\u202Egnp.exe" reads as "abcexe.png".
  z.regex(/^[^\u202a-\u202e\u2066-\u2069]*$/u, `The ${what} must not contain characters that reverse the text's direction`),
];

const text = (max: number, what: string) =>
  z.string({ error: (issue) => (issue.input === undefined || issue.input === null ? `Enter the ${what}` : `Enter the ${what} as text`) }).check(
    z.trim(),
    z.minLength(1, `Enter the ${what}`),
    z.maxLength(max, `The ${what} must be ${max} characters or fewer`),
    ...cleanCharacters(what),
  );

/** A host others can open: a name with a dot, not localhost, a local name or an IP address. */
const publicHost = (host: string) =>
  host.includes('.') && !/^\[|^[\d.]+$|(^|\.)(localhost|local|localdomain|internal|intranet|lan|corp|home\.arpa|test|example|invalid)\.?$/i.test(host);

export const resourceSchema = z.object({
  title: text(RESOURCE_LIMITS.title, 'title'),
  url: z.string({ error: 'Enter the address (https://…)' }).check(
    z.trim(),
    z.minLength(1, { error: 'Enter the address (https://…)', abort: true }),
    z.maxLength(RESOURCE_LIMITS.url, `The address must be ${RESOURCE_LIMITS.url} characters or fewer`),
    // The URL parser would take these and percent-encode them: a NUL would reach the emails' text,
    // half a character be stored as ���, an override hide where the link goes. Refused, as in the texts.
    ...cleanCharacters('address'),
    z.refine((v) => {
      try {
        const u = new URL(v);
        // As typed, it starts https:// (what D1's check requires: `HTTPS://…` or `https:/…` parse, and are refused here).
        return v.startsWith('https://') && u.protocol === 'https:' && !u.username && !u.password;
      } catch {
        return false;
      }
    }, 'Enter a full https:// address, like https://www.acr.org/…'),
    z.refine((v) => {
      try {
        const u = new URL(v);
        // Another scheme (`javascript:`, `mailto:`) has no host to speak of: said above, once.
        return u.protocol !== 'https:' || publicHost(u.hostname);
      } catch {
        return true; // said above
      }
    }, 'Enter a public web address pledgers can open: not localhost, a local name or an IP address'),
  ),
  summary: text(RESOURCE_LIMITS.summary, 'one-line summary'),
  step: z.optional(z.nullable(text(RESOURCE_LIMITS.step, 'next step'))),
  kind: z.enum(RESOURCE_KINDS, { error: `Choose a kind: ${RESOURCE_KINDS.join(', ')}` }),
  roles: z.array(z.enum(ROLES, { error: `Roles are: ${ROLES.join(', ')}` }), {
    error: (issue) => (issue.input === undefined || issue.input === null ? 'List the roles it suits' : 'List the roles it suits as a list, like ["nurse", "technologist"]'),
  }).check(
    z.minLength(1, 'Choose at least one role (list every role it suits; an empty list is not "all")'),
    z.refine((r) => new Set(r).size === r.length, 'List each role once'),
  ),
  lang: z.enum(LANGS, { error: `Choose a language: ${LANGS.join(', ')}` }),
  partner: z.optional(z.nullable(z.string({ error: 'Choose a society' }).check(z.regex(/^[a-z0-9][a-z0-9-]{0,31}$/, 'Choose a society by its id')))),
  active: z.optional(z.boolean({ error: 'active is true or false' })),
  position: z.optional(z.int({ error: 'position is a whole number' }).check(z.minimum(0, 'position is 0 or more'), z.maximum(100_000, 'position is 100000 or less'))),
}, { error: 'Send the resource as a JSON object: { "title", "url", "summary", "kind", "roles", "lang", … }' });

export type ResourceInput = z.infer<typeof resourceSchema>;

/** A logged action, as the /actions form posts it. */
export const actionSchema = z.object({
  kind: z.enum(ACTION_KINDS, { error: 'actionMissing' }),
  // Lines, tabs, soft hyphens, the joiners and direction marks some scripts need and the tag
  // characters of some emoji flags are text; other control and format characters (a NUL, a
  // right-to-left override or isolate) are refused, as in every other free-text field.
  note: z.optional(
    z.string().check(
      z.trim(),
      // A form sends each line break as CRLF, and a text box counts it as one character: so does the limit.
      z.overwrite((v) => v.replace(/\r\n?/g, '\n')),
      z.maxLength(500, 'noteLong'),
      z.regex(/^(?:[\t\n\r\u00ad\u200c-\u200f\u{e0020}-\u{e007f}]|[^\p{Cc}\p{Cf}\p{Cs}\u2028\u2029\ufffd])*$/u, 'noteControl'), // (\ufffd: broken UTF-8, as read)
    ),
  ),
  submission: z.string().check(z.regex(/^[A-Za-z0-9_-]{16,64}$/)),
}).check(
  // "Something else" with nothing said tells the coalition nothing: a few words are asked for.
  z.superRefine((v, ctx) => {
    if (v.kind === 'other' && !v.note) ctx.issues.push({ code: 'custom', path: ['note'], message: 'noteNeeded', input: v.note });
  }),
);

/**
 * Per-field messages, keyed by the first path segment, each said once. A value of the wrong type is
 * told only that (the length checks after it also run on an array, and would repeat "Enter the …").
 */
export function fieldErrors(error: z.core.$ZodError): Record<string, string[]> {
  const fields: Record<string, string[]> = {};
  const wrongType = new Set(error.issues.filter((i) => i.code === 'invalid_type' && i.path.length === 1).map((i) => String(i.path[0])));
  for (const issue of error.issues) {
    const field = String(issue.path[0] ?? 'request');
    if (wrongType.has(field) && !(issue.code === 'invalid_type' && issue.path.length === 1)) continue;
    const list = (fields[field] ??= []);
    if (!list.includes(issue.message)) list.push(issue.message);
  }
  return fields;
}
