/**
 * The single source of truth for a pledge, shared by the widget and the Worker.
 *
 * The Worker validates every pledge with it; the widget shows the per-field messages
 * the Worker returns, and takes only the field list and types from here (see
 * `pledge-fields.ts`), which keeps zod out of the drop-in script.
 * Messages are keys into `src/i18n/messages.ts`, never prose, so they can be said in
 * the pledger's language.
 */
import * as z from 'zod/mini';
import { asciiEmail } from './ascii-email.ts';

import { LANGS, MAX_LENGTH, ROLES, SOURCE_PATTERN } from './pledge-fields.ts';
import { isRegionCode } from './regions.ts';

export { LANGS, ROLES, type Lang, type Role } from './pledge-fields.ts';

/**
 * Control and format characters (CR and LF, direction overrides, invisible marks) are never part
 * of a name, except the zero-width non-joiner and joiner (U+200C, U+200D), which Persian, Arabic
 * and Indic names are written with (`علی‌رضا`, `ශ්‍රී`).
 */
export const NO_CONTROL_CHARS = /^(?:[\u200c\u200d]|[^\p{Cc}\p{Cf}\p{Cs}\u2028\u2029\ufffd])*$/u; // Cs: a lone surrogate, which cannot be stored as UTF-8; \ufffd: what broken UTF-8 was read as
/**
 * A name is letters (any script), combining marks, spaces and the punctuation names use:
 * full stops, commas (`Jane Doe, MD`), apostrophes, hyphens, and the middle dots of Catalan (`Gal·la`) and
 * of names written in katakana (`ジョン・スミス`). So no digits, `@`, `/` or `:`, and no links.
 * Nor what only looks like a name on the confirmation page: the Hangul fillers (letters that draw
 * nothing, so `ㅤ` alone read as blank), five combining marks in a row (Zalgo text stacked over the
 * lines around it), or two zero-width joiners in a row (a name padded with invisible characters).
 * That it has a letter at all is `HAS_LETTER`'s to say, in a message of its own.
 */
export const NAME_CHARS = /^(?!.*(?:[\u115f\u1160\u3164\uffa0]|\p{M}{5}|[\u200c\u200d]{2}))[\p{L}\p{M}\p{Zs}.,'\u00b7\u30fb\u2019\u02bc\u2010\u2011\u200c\u200d-]*$/u;
/** A letter of any script: a name has at least one. */
export const HAS_LETTER = /\p{L}/u;
const ZW = '[\\u200c\\u200d]*';
/** …and nothing shaped like a web address (`www.`, or `evil.example`): initials are `J. R.`, with a space. */
export const NOT_LINK_LIKE = new RegExp(
  // …with a zero-width (non-)joiner anywhere in it too (`evil\u200c.com`): names may carry those now.
  `^(?!.*(?:w${ZW}w${ZW}w${ZW}\\.|\\p{L}${ZW}\\p{L}${ZW}\\.${ZW}\\p{L}${ZW}\\p{L}))`,
  'iu',
);
/**
 * Free text shown back on the coalition's own pages (an organization's name, a pledger's
 * organization): a brand may be its domain (Qure.ai), but a link's own marks (`//`, `www.`, a
 * domain with a path: `abr-verify.example/login`) are refused, so no one can put a working link on the coalition's pages in someone else's name.
 */
export const NO_LINK_MARKS = /^(?!.*(?:\/\/|w[\u200c\u200d]*w[\u200c\u200d]*w[\u200c\u200d]*\.|\.\p{L}{2,}\/))/iu;
/**
 * The part before the @ in ASCII (or no @ at all: the format's own message says that). Letters
 * with accents there (`josé@…`) need a mail system that takes them (SMTPUTF8), which many do not:
 * said plainly, rather than as a malformed address. (The domain's are converted: see asciiEmail.)
 */
export const ASCII_LOCAL_PART = /^[\x00-\x7f]*@|^[^@]*$/;
/**
 * The HTML spec's `input[type=email]` shape, anchored, less what the RFCs refuse and mail providers
 * reject: a dot first, last or twice before the @ (RFC 5321's dot-atom), or a one-letter top-level domain; typos
 * (`jane..doe@`, `.com` cut to `.c`) whose confirmation would never come. (Written out, not with a
 * lookahead, and in this order: the kiosk's module, which carries it, is at its budget.)
 */
export const EMAIL = /^(?:[!#$%&'*+/=?^_`{|}~a-z0-9-]+\.)*[!#$%&'*+/=?^_`{|}~a-z0-9-]+@(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])$/;

const optionalText = (max: number, key: string, ...more: z.core.$ZodCheck<string>[]) =>
  z.optional(
    z.string({ error: `${key}.type` }).check(
      z.trim(),
      z.maxLength(max, `${key}.long`),
      z.regex(NO_CONTROL_CHARS, `${key}.control`),
      ...more,
    ),
  );

/** `en` or `es`; a careless client's `ES` or `es-MX` is read as its language. Organizations' requests take it too. */
export const LANG_FIELD = z.optional(
  z.pipe(
    z.string({ error: 'lang.type' }).check(z.trim(), z.toLowerCase(), z.overwrite((tag) => tag.split(/[-_]/)[0]!)),
    z.enum(LANGS, { error: 'lang.type' }),
  ),
);

/** An impossible region code standing for a US state and a country both chosen (see `oneRegion`). */
const REGION_BOTH = 'both';

/**
 * Where the pledger works, from the forms' two selects (the hosted page's, the widget's, kiosk
 * mode's): a US state or territory, or a country outside the United States. Either alone is the
 * pledge's `region`; both (different) is REGION_BOTH, which the schema refuses as "… not both".
 */
export function oneRegion(us: string, abroad: string): string {
  const [a, b] = [us.trim(), abroad.trim()];
  return a && b && a.toUpperCase() !== b.toUpperCase() ? REGION_BOTH : a || b;
}

/**
 * A pledge body with the forms' second select, `country`, folded into `region` (`oneRegion`), as
 * the Worker reads it and kiosk mode checks it before keeping it. `country` is not a key of the API's
 * contract, which ignores keys beyond its own (PRODUCT.md): it is taken only when it is a region code
 * (what the forms send), and otherwise left out, never an error.
 */
export function foldCountry(body: unknown): unknown {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return body;
  const { country, ...rest } = body as Record<string, unknown>;
  if (typeof country !== 'string' || !isRegionCode(country.trim().toUpperCase())) return rest;
  return { ...rest, region: typeof rest.region === 'string' ? oneRegion(rest.region, country) : rest.region ?? country };
}

export const pledgeSchema = z.object(
  {
  /** The client's idempotency key: one per attempt, so a retry never makes two pledges. */
  id: z.optional(
    z.string({ error: 'id.format' }).check(z.regex(/^[A-Za-z0-9_-]{16,64}$/, 'id.format')),
  ),
  partner: z.string({ error: 'partner.missing' }).check(
    z.trim(),
    z.toLowerCase(),
    z.regex(/^[a-z0-9][a-z0-9-]{0,31}$/, 'partner.missing'),
  ),
  name: z.string({ error: 'name.missing' }).check(
    z.trim(),
    z.minLength(1, { error: 'name.missing', abort: true }),
    z.maxLength(MAX_LENGTH.name, 'name.long'),
    z.regex(NO_CONTROL_CHARS, 'name.control'),
    // No letter at all (`...`, `-`): said as that, not as characters it does not have.
    z.regex(HAS_LETTER, 'name.letter'),
    z.regex(NAME_CHARS, 'name.characters'),
    z.regex(NOT_LINK_LIKE, 'name.link'),
  ),
  email: z.string({ error: 'email.missing' }).check(
    z.trim(),
    z.toLowerCase(),
    // An internationalised domain in its ASCII form (`ana@münchen.de` → `ana@xn--mnchen-3ya.de`), as
    // mail servers address it: one address, however it was typed.
    z.overwrite(asciiEmail),
    z.minLength(1, { error: 'email.missing', abort: true }),
    z.maxLength(MAX_LENGTH.email, { error: 'email.long', abort: true }),
    z.regex(ASCII_LOCAL_PART, { error: 'email.local', abort: true }),
    z.regex(EMAIL, 'email.format'),
  ),
  // Its code in any case (`NURSE`, ` Nurse `), as partner, email and lang are taken.
  role: z.pipe(z.string({ error: 'role.missing' }).check(z.trim(), z.toLowerCase()), z.enum(ROLES, { error: 'role.missing' })),
  // Shown on the confirmation page to the address's owner, who may not be who typed it.
  organization: optionalText(MAX_LENGTH.organization, 'organization', z.regex(NO_LINK_MARKS, 'organization.link')),
  /** ISO 3166-2 for US states and territories (`US-CA`), ISO 3166-1 alpha-2 for countries (`MX`); empty = not given. */
  region: z.optional(
    z.string({ error: 'region.type' }).check(
      z.trim(),
      z.toUpperCase(),
      z.refine((code) => code !== REGION_BOTH.toUpperCase(), { error: 'region.both', abort: true }),
      z.refine((code) => code === '' || isRegionCode(code), 'region.unknown'),
    ),
  ),
  commitment: z.literal(true, { error: 'commitment.missing' }),
  updates: z.optional(z.boolean({ error: 'updates.type' })),
  lang: LANG_FIELD,
  /** Where the pledge came from (`booth-2026`, `newsletter-may`): kept when well formed, else dropped, never an error. */
  source: z.catch(
    z.optional(z.string().check(z.trim(), z.toLowerCase(), z.regex(SOURCE_PATTERN))),
    undefined,
  ),
  },
  { error: 'form.type' },
);

/** A pledge as the Worker receives it (after trimming and lower-casing). */
export type Pledge = z.infer<typeof pledgeSchema>;
/** The fields a person fills in; `partner` and `lang` come from the embed. */
export type PledgeField = Exclude<keyof Pledge, 'id' | 'partner' | 'lang' | 'source'>;

/** Field errors: for each field, message keys in the order they were found. */
export type FieldErrorKeys = Partial<Record<string, string[]>>;

/**
 * Validates an untrusted value; on failure returns the message keys per field
 * (the first path segment), so the form and the API map errors straight onto
 * their fields.
 */
export function validatePledge(
  input: unknown,
): { ok: true; pledge: Pledge } | { ok: false; fields: FieldErrorKeys } {
  const result = z.safeParse(pledgeSchema, input);
  if (result.success) return { ok: true, pledge: result.data };
  const fields: FieldErrorKeys = {};
  for (const issue of result.error.issues) {
    const field = String(issue.path[0] ?? 'form');
    (fields[field] ??= []).push(issue.message);
  }
  return { ok: false, fields };
}
