/**
 * The single source of truth for an organizational pledge (`POST /api/organizations`, the
 * hosted `/join` form). Messages are keys (`contact.email.format`), said in the requester's
 * language by `worker/organizations/strings.ts`; errors are named by their path, nested ones
 * with a dot (`contact.email`), so they map straight onto form fields.
 */
import * as z from 'zod/mini';

import { ORG_MAX_LENGTH, ORG_SIZES, ORG_TYPES } from './organization-fields.ts';
import { asciiEmail } from './ascii-email.ts';
import { normalizeWebsite, readWebsite } from './organization-domain.ts';
// Control characters (including CR and LF) are never part of a name; the zero-width (non-)joiners that
// Persian and Indic names are spelt with are, as in a pledge (`بیمارستان‌ها`): one rule for both forms.
import { ASCII_LOCAL_PART, EMAIL, LANG_FIELD, HAS_LETTER, NAME_CHARS, NO_CONTROL_CHARS, NO_LINK_MARKS, NOT_LINK_LIKE } from './pledge-schema.ts';
import { regionCode } from './regions.ts';

export { ORG_FIELDS, ORG_SIZES, ORG_STATUSES, ORG_TYPES, type OrgField, type OrgSize, type OrgStatus, type OrgType } from './organization-fields.ts';


const requiredText = (max: number, key: string) =>
  z.string({ error: `${key}.missing` }).check(
    z.trim(),
    z.minLength(1, { error: `${key}.missing`, abort: true }),
    z.maxLength(max, `${key}.long`),
    z.regex(NO_CONTROL_CHARS, `${key}.control`),
  );

/** Empty strings count as "not given" for optional fields (a form sends them). */
const blankToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);

export const organizationSchema = z.object(
  {
    /** The partner society whose page the request came from: attribution only, never an error. */
    partner: z.catch(
      z.optional(z.string().check(z.trim(), z.toLowerCase(), z.regex(/^[a-z0-9][a-z0-9-]{0,31}$/))),
      undefined,
    ),
    // Listed publicly (and in partners' pages through the API): a name, not a link. Free text otherwise:
    // `<`, `>` and `&` are a name's own characters (R&D <Imaging>), shown as text (escaped) on every page
    // and in every email; the API answers them as JSON strings, which a page must insert as text.
    // A brand may be its domain (Qure.ai, RadNet.com): only a link's own marks (`//`, `www.`) are
    // refused here. Nothing typed is shown publicly, or in an email, before a maintainer approves it.
    // Shown as a link on /organizations once approved: it must show as something. A letter or a digit
    // (3M), and none of what draws as blank space though it is not a space (the Hangul fillers, which
    // are letters; the Braille blank) or piles up over one place (five combining marks in a row).
    name: requiredText(ORG_MAX_LENGTH.name, 'name').check(
      z.regex(/[\p{L}\p{N}]/u, { error: 'name.letter', abort: true }),
      z.regex(/^(?!.*(?:[\u115f\u1160\u3164\uffa0\u2800]|\p{M}{5}))/su, 'name.blank'),
      z.regex(NO_LINK_MARKS, 'name.link'),
    ),
    type: z.enum(ORG_TYPES, { error: 'type.missing' }),
    website: z.pipe(
      z.string({ error: 'website.missing' }).check(
        z.trim(),
        z.minLength(1, { error: 'website.missing', abort: true }),
        z.maxLength(ORG_MAX_LENGTH.website, { error: 'website.long', abort: true }),
        // What is wrong, when it can be said (a port, an IP address, a shared ending, not a web address), else the example.
        z.superRefine((v, ctx) => {
          const read = readWebsite(v);
          if ('problem' in read) ctx.issues.push({ code: 'custom', message: `website.${read.problem}`, input: v });
        }),
      ),
      z.transform((v) => normalizeWebsite(v)!),
    ),
    region: z.pipe(
      z.transform(blankToUndefined),
      z.optional(
        z.pipe(
          z.string({ error: 'region.format' }).check(z.refine((v) => regionCode(v) !== null, 'region.format')),
          z.transform((v) => regionCode(v)!),
        ),
      ),
    ),
    size: z.pipe(z.transform(blankToUndefined), z.optional(z.enum(ORG_SIZES, { error: 'size.format' }))),
    contact: z.object(
      {
        // A person's name, held to the pledge's rules: it opens the emails ("Dear …") once confirmed.
        name: requiredText(ORG_MAX_LENGTH.contactName, 'contact.name').check(
          z.regex(HAS_LETTER, 'contact.name.letter'),
          z.regex(NAME_CHARS, 'contact.name.characters'),
          z.regex(NOT_LINK_LIKE, 'contact.name.link'),
        ),
        email: z.string({ error: 'contact.email.missing' }).check(
          z.trim(),
          z.toLowerCase(),
          z.minLength(1, { error: 'contact.email.missing', abort: true }),
          z.maxLength(ORG_MAX_LENGTH.email, { error: 'contact.email.long', abort: true }),
          z.overwrite(asciiEmail),
          // Accents before the @ need a mail system that takes them: said so, as the pledge's email field does.
          z.regex(ASCII_LOCAL_PART, { error: 'contact.email.local', abort: true }),
          z.regex(EMAIL, 'contact.email.format'),
        ),
        title: z.pipe(
          z.transform(blankToUndefined),
          z.optional(
            z.string({ error: 'contact.title.type' }).check(
              z.trim(),
              z.maxLength(ORG_MAX_LENGTH.title, 'contact.title.long'),
              z.regex(NO_CONTROL_CHARS, 'contact.title.control'),
            ),
          ),
        ),
      },
      { error: 'contact.missing' },
    ),
    commitment: z.literal(true, { error: 'commitment.missing' }),
    /** Consent to be listed; not listed unless it is given. */
    listPublicly: z._default(z.boolean({ error: 'listPublicly.type' }), false),
    lang: LANG_FIELD,
  },
  { error: 'form.type' },
);

/** An organizational pledge as the Worker stores it: trimmed, website normalized, region a code. */
export type OrganizationRequest = z.infer<typeof organizationSchema>;

/** Field errors: message keys per field, nested fields named with a dot. */
export type OrgFieldErrorKeys = Partial<Record<string, string[]>>;

export function validateOrganization(
  input: unknown,
): { ok: true; organization: OrganizationRequest } | { ok: false; fields: OrgFieldErrorKeys } {
  // A missing contact is reported on its fields, so a form shows each of them as needed.
  const body =
    typeof input === 'object' && input !== null && !Array.isArray(input) && (input as { contact?: unknown }).contact == null
      ? { ...input, contact: {} }
      : input;
  const result = z.safeParse(organizationSchema, body);
  if (result.success) return { ok: true, organization: result.data };
  const fields: OrgFieldErrorKeys = {};
  for (const issue of result.error.issues) {
    const field = issue.path.length ? issue.path.map(String).join('.') : 'form';
    (fields[field] ??= []).push(issue.message);
  }
  return { ok: false, fields };
}
