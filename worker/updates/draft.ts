/**
 * What an update is made of, validated once (zod) for the API and the dashboard alike:
 * per-language subject and Markdown body (English required unless the audience is Spanish readers
 * only; then one of the two), audience filters, an optional
 * test address. Field errors come back keyed by path (`subject.en`, `audience.partners`).
 */
import * as z from 'zod';
import { LANGS, MAX_LENGTH, ROLES, type Lang } from '../../src/pledge-fields.ts';
import { asciiEmail } from '../../src/ascii-email.ts';
import { EMAIL } from '../../src/pledge-schema.ts';
import { formatNumber } from '../platform/pages/locale.ts';

export const MAX_SUBJECT = 150;
export const MAX_BODY = 20_000;

/**
 * Control characters other than tab and line breaks (C0 and C1: U+0085 breaks a Subject line in
 * some clients), lone surrogates (not storable as UTF-8), and U+FFFD, what the dashboard's form
 * read broken UTF-8 as (every pledger would get ���; the resources refuse it too).
 */
const UNSENDABLE = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\uFFFD]|\p{Cs}/u;
/**
 * The embeddings, overrides and isolates that reorder how text is shown (U+202A–U+202E,
 * U+2066–U+2069): in a subject or a message to every pledger they could make it read as something
 * else ("…\u202Efdp.exe"). The resources refuse them too (worker/resources/schema.ts).
 */
const REORDERS = /[\u202A-\u202E\u2066-\u2069]/;

const text = (what: string, max: number) =>
  z
    // Left out is asked for; given as something other than text is told so.
    .string({ error: (issue) => (issue.input === undefined ? `Enter the ${what}` : `Enter the ${what} as text`) })
    .trim()
    .min(1, { error: `Enter the ${what}` })
    // A limit of thousands as a reader writes it (20,000): the dashboard says it in Spanish by its shape (admin-strings.ts).
    .max(max, { error: `The ${what} must be ${formatNumber(max, 'en')} characters or fewer` })
    // A subject's line breaks: CR and LF, and Unicode's line and paragraph separators (U+2028, U+2029), which mail clients may show as one.
    .refine((s) => /body/.test(what) || !/[\r\n\u2028\u2029]/.test(s), { error: `The ${what} must be one line` })
    .refine((s) => !UNSENDABLE.test(s), { error: `The ${what} contains a character that cannot be sent (a control character or a broken one); retype that part` })
    .refine((s) => !REORDERS.test(s), { error: `The ${what} must not contain characters that reverse the text's direction` });

const optionalText = (what: string, max: number) =>
  z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), text(what, max).optional());

const list = <T extends string>(values: readonly T[], what: string) =>
  z
    .array(z.enum(values as unknown as [T, ...T[]], { error: `Choose ${what} from: ${values.join(', ')}` }), { error: `Give ${what} as a list` })
    .max(50, { error: `Give at most 50 ${what}` })
    .default([]);

/** Text given: a string with something in it (a value of the wrong type is told so by its own field). */
const given = (v: unknown) => typeof v === 'string' && v.trim() !== '';

/**
 * The versions an update must have, by its readers' languages: English whenever English readers
 * are in the audience (everyone, unless it is Spanish readers only). Spanish readers get the
 * English version when there is no Spanish one, so an audience of Spanish readers only needs one
 * of the two: Spanish when neither is written. An update written only in Spanish has no English.
 */
function neededLangs(langs: unknown, text: { subject: Record<string, unknown>; body: Record<string, unknown> }): readonly Lang[] {
  const spanishOnly = Array.isArray(langs) && langs.length > 0 && langs.every((l) => l === 'es');
  if (!spanishOnly) return ['en'];
  return LANGS.some((l) => given(text.subject[l]) || given(text.body[l])) ? [] : ['es'];
}

/** A subject or body left out (or null) is asked for; one of the wrong type is told the two forms it may take. */
const forms = (what: string, plain: string, input: unknown) =>
  `${input == null ? `Enter the ${what}:` : `Give the ${what}`} as text (${plain}) or as { "en": "…", "es": "…" }`;

export const draftSchema = z
  .object({
    // Each language's text is required only when its readers are in the audience (see superRefine).
    subject: z.object({ en: optionalText('English subject', MAX_SUBJECT), es: optionalText('Spanish subject', MAX_SUBJECT) }, { error: (issue) => forms('subject', 'its English version', issue.input) }),
    body: z.object({ en: optionalText('English body', MAX_BODY), es: optionalText('Spanish body', MAX_BODY) }, { error: (issue) => forms('body', 'its English version, in Markdown', issue.input) }),
    audience: z
      .object({
        // Partner ids are data, checked against the partners table after parsing.
        partners: z
          .array(z.string({ error: 'Give society ids as text' }).max(32, { error: 'A society id is 32 characters or fewer' }), { error: 'Give societies as a list' })
          .max(50, { error: 'Give at most 50 societies' })
          .default([]),
        roles: list(ROLES, 'roles'),
        langs: list(LANGS, 'languages'),
      }, { error: 'Give the audience as { "partners": [], "roles": [], "langs": [] }' })
      .default({ partners: [], roles: [], langs: [] }),
    test_to: z.preprocess(
      // As pledges store it: an internationalised domain in its ASCII form (a pledge with one is accepted, so a test to it is too).
      (v) => (typeof v === 'string' ? asciiEmail(v.trim().toLowerCase()) : v),
      // The pledges' own format: an address a pledge is accepted with (`ivan@пример.рф`, in ASCII) can be tested.
      z
        .string({ error: 'Give the test address (test_to) as text, like "name@example.org"' })
        .regex(EMAIL, { error: 'Enter the test address in the correct format, like name@example.org' })
        .max(MAX_LENGTH.email)
        .optional(),
    ),
    // The version the test shows (a Spanish reader's, when there is one): English unless asked.
    test_lang: z.enum(LANGS, { error: `Give test_lang as one of: ${LANGS.join(', ')}` }).default('en'),
  }, { error: 'Send the update as a JSON object: { "subject": { "en": … }, "body": { "en": … }, "audience": … }' })
  .superRefine(
    (d, ctx) => {
      // Checked whatever else is wrong (`when`), so every error comes back at once: `d` may be half-parsed.
      // A subject or body of the wrong type (a number, a list) is told so by its own field, and
      // nothing about its versions: a list has no `en` to enter. The other's versions are still checked.
      const { subject, body, audience } = d as { subject?: unknown; body?: unknown; audience?: { langs?: unknown } };
      const versions = (v: unknown) => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : null);
      const [subjects, bodies] = [versions(subject), versions(body)];
      for (const lang of neededLangs(audience?.langs, { subject: subjects ?? {}, body: bodies ?? {} })) {
        const name = lang === 'en' ? 'English' : 'Spanish';
        if (subjects && !given(subjects[lang])) ctx.addIssue({ code: 'custom', path: ['subject', lang], message: `Enter the ${name} subject` });
        if (bodies && !given(bodies[lang])) ctx.addIssue({ code: 'custom', path: ['body', lang], message: `Enter the ${name} body` });
      }
    },
    { when: (payload) => typeof payload.value === 'object' && payload.value !== null },
  )
  .superRefine((d, ctx) => {
    // A version not required is whole or absent: a subject without a body (or the reverse) is a slip.
    const needed = neededLangs(d.audience.langs, d);
    for (const lang of LANGS.filter((l) => !needed.includes(l))) {
      const name = lang === 'en' ? 'English' : 'Spanish';
      if (d.subject[lang] && !d.body[lang]) ctx.addIssue({ code: 'custom', path: ['body', lang], message: `Enter the ${name} body, or clear the ${name} subject` });
      if (d.body[lang] && !d.subject[lang]) ctx.addIssue({ code: 'custom', path: ['subject', lang], message: `Enter the ${name} subject, or clear the ${name} body` });
    }
    if (d.test_lang !== 'en' && !d.test_to) ctx.addIssue({ code: 'custom', path: ['test_lang'], message: 'Give test_to too: test_lang says which version a test shows' });
    // No one gets an English email of a Spanish-only update: a test of one would be empty.
    if (d.test_to && d.test_lang === 'en' && !d.subject.en) {
      ctx.addIssue({ code: 'custom', path: ['test_lang'], message: 'This update has no English version (it goes to Spanish readers only): give test_lang "es" to test the Spanish one' });
    }
  });

export type Draft = z.infer<typeof draftSchema>;
export type Audience = Draft['audience'];

export type DraftResult = { ok: true; draft: Draft } | { ok: false; fields: Record<string, string[]> };

/** The societies of `wanted` that do not exist (each asked once). */
async function unknownPartners(db: D1Database, wanted: string[]): Promise<string[]> {
  if (!wanted.length) return [];
  const { results } = await db.prepare(`SELECT id FROM partners WHERE id IN (${wanted.map(() => '?').join(',')})`).bind(...wanted).all<{ id: string }>();
  const known = new Set(results.map((r) => r.id));
  return wanted.filter((p) => !known.has(p));
}

/**
 * A subject or body given as plain text (`"subject": "Hello"`) is its English version, the one every
 * update needs (Spanish readers get it when there is no Spanish one): as `{ "en": "Hello" }`.
 */
function plainTextAsEnglish(input: unknown): unknown {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return input;
  const { subject, body } = input as { subject?: unknown; body?: unknown };
  return {
    ...input,
    ...(typeof subject === 'string' ? { subject: { en: subject } } : {}),
    ...(typeof body === 'string' ? { body: { en: body } } : {}),
  };
}

export async function parseDraft(db: D1Database, input: unknown): Promise<DraftResult> {
  const parsed = draftSchema.safeParse(plainTextAsEnglish(input ?? {}));
  const fields: Record<string, string[]> = {};
  // Each message once per field: the entries of a list share their list's key, so three wrong
  // society ids would otherwise say "Give society ids as text" three times.
  const add = (key: string, message: string) => {
    const list = (fields[key] ??= []);
    if (!list.includes(message)) list.push(message);
  };
  // The societies asked for (each once), checked whether or not the rest is right, so every error comes back at once.
  const asked = parsed.success ? parsed.data.audience.partners : (input as { audience?: { partners?: unknown } } | null)?.audience?.partners;
  const wanted = Array.isArray(asked) && asked.length <= 50 && asked.every((p) => typeof p === 'string' && p.length <= 32) ? [...new Set(asked as string[])] : [];
  const unknown = await unknownPartners(db, wanted);
  if (unknown.length) add('audience.partners', `No society has the id ${unknown.join(', ')}`);
  if (!parsed.success) {
    // A body that is not an object at all is the request's problem, not the update's `body` field's.
    const key = (issue: z.core.$ZodIssue) => issue.path.filter((p) => typeof p !== 'number').join('.') || 'request';
    // A value of the wrong type is told so once: not also "enter the body" for an empty list's length.
    const mistyped = new Set(parsed.error.issues.filter((i) => i.code === 'invalid_type').map(key));
    for (const issue of parsed.error.issues) if (issue.code === 'invalid_type' || !mistyped.has(key(issue))) add(key(issue), issue.message);
    return { ok: false, fields };
  }
  if (unknown.length) return { ok: false, fields };
  // Each value once: a list repeated up to its 50 entries would bind past D1's 100 parameters per query.
  const audience = { partners: wanted, roles: [...new Set(parsed.data.audience.roles)], langs: [...new Set(parsed.data.audience.langs)] };
  return { ok: true, draft: { ...parsed.data, audience } };
}
