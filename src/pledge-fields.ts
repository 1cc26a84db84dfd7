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
