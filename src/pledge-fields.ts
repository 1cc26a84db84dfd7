/**
 * The pledge's vocabulary: its fields, roles and languages. Plain data with no
 * validation library, so the widget can use it without carrying zod; the zod
 * schema in `pledge-schema.ts` is built from it.
 */

/** Roles a pledger can choose, in the order the form shows them. */
export const ROLES = ['radiologist', 'trainee', 'technologist', 'physicist', 'nurse', 'leader', 'other'] as const;
export type Role = (typeof ROLES)[number];

/** Languages the widget, the emails and the Worker's messages speak. */
export const LANGS = ['en', 'es'] as const;
export type Lang = (typeof LANGS)[number];

/** The fields a pledge is made of, in the order the form shows them. */
export const FIELDS = [
  'partner',
  'name',
  'email',
  'role',
  'organization',
  'region',
  'commitment',
  'updates',
] as const;
export type Field = (typeof FIELDS)[number];

/** Longest accepted value of each text field, in characters. */
export const MAX_LENGTH = { name: 120, email: 254, organization: 200, region: 100 } as const;

/**
 * A source code: which newsletter, poster or booth brought a pledge (after Action Network's).
 * Up to 64 of `a-z`, `0-9` and `-`; trimmed and lower-cased first. Anything else is dropped,
 * never an error: the pledge itself is valid.
 */
export const SOURCE_PATTERN = /^[a-z0-9-]{1,64}$/;

/** The source code in `value`, cleaned, or `undefined` when there is none or it is not one. */
export function cleanSource(value: unknown): string | undefined {
  const source = typeof value === 'string' ? value.trim().toLowerCase() : '';
  return SOURCE_PATTERN.test(source) ? source : undefined;
}
